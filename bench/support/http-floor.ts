/**
 * The HTTP floor of a login (docs/performance.md "The HTTP floor"): the CPU a server spends only to
 * receive a login's requests and send its answers, byte for byte the ones Passi exchanged in a recorded
 * login, doing no other work. It runs in its own process on loopback with the same load shape as the
 * proxied-login benchmark (kept-alive connections, `concurrency` logins at a time), so what it costs is
 * the part of Passi's CPU per login that no change inside Passi can remove while Passi is a Node HTTP
 * server: Node's HTTP parser and writer, the sockets and the kernel's loopback TCP on both directions.
 * Measured twice: with `node:http` alone, and with Fastify (which Passi runs on) around it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lineReader } from './bench-children.ts';
import type { CpuPinning } from './cpu-pinning.ts';
import type { Exchange } from './proxied-login-client.ts';

export interface HttpFloor {
  kind: 'node-http' | 'fastify';
  cpuMsPerLogin: number;
  /** Answers whose status differed from the recording's (a recorded path not matched): should be 0. */
  mismatches: number;
}

export async function measureHttpFloor(
  exchanges: Exchange[],
  options: { logins: number; warmup: number; concurrency: number; pinning?: CpuPinning },
): Promise<HttpFloor[]> {
  const dir = mkdtempSync(join(tmpdir(), 'passi-http-floor-'));
  const file = join(dir, 'exchanges.json');
  writeFileSync(file, JSON.stringify(exchanges));
  try {
    const floors: HttpFloor[] = [];
    for (const kind of ['node-http', 'fastify'] as const) {
      floors.push(await oneFloor(kind, file, options));
    }
    return floors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function oneFloor(
  kind: HttpFloor['kind'],
  file: string,
  options: { logins: number; warmup: number; concurrency: number; pinning?: CpuPinning },
): Promise<HttpFloor> {
  const server = spawn(
    process.execPath,
    ['bin/run-ts.js', 'bench/support/http-floor-server-process.ts', file, kind],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  options.pinning?.pin(server.pid, 'passi');
  try {
    const { port } = JSON.parse(await lineReader(server)()) as { port: number };
    const cpu = async () => Number(await (await fetch(`http://127.0.0.1:${port}/__floor/cpu`)).text());
    // The warm-up lets V8 compile the server's paths, as the proxied benchmark's warm-up does for Passi.
    await runReplay(port, file, options.warmup, options.concurrency, options.pinning);
    await cpu();
    const measured = await runReplay(port, file, options.logins, options.concurrency, options.pinning);
    const micros = await cpu();
    return { kind, cpuMsPerLogin: micros / 1000 / options.logins, mismatches: measured.mismatches };
  } finally {
    server.kill();
  }
}

function runReplay(
  port: number,
  file: string,
  count: number,
  concurrency: number,
  pinning?: CpuPinning,
): Promise<{ elapsedMs: number; mismatches: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        'bin/run-ts.js',
        'bench/support/http-floor-client.ts',
        String(port),
        file,
        String(count),
        String(concurrency),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    pinning?.pin(child.pid, 'others');
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    child.on('exit', (code) =>
      code === 0
        ? resolve(
            JSON.parse(out.trim().split('\n').pop() ?? '{}') as { elapsedMs: number; mismatches: number },
          )
        : reject(new Error(`HTTP floor client exit ${code}`)),
    );
  });
}
