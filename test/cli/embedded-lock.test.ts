import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { cliEnv } from './run-passi.ts';

interface Started {
  child: ChildProcess;
  /** 'ready' once /readyz answers 200, or the exit code when the process ended first. */
  outcome: 'ready' | number | null;
  output: () => string;
}

/** `passi start` as its own process; resolves when it is ready or has exited. */
async function start(env: NodeJS.ProcessEnv): Promise<Started> {
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/passi.js', 'start'], {
    env: { ...env, PASSI_PORT: String(port), PASSI_HOST: '127.0.0.1', PASSI_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  child.stderr?.on('data', (d) => {
    out += String(d);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 150_000;
  for (;;) {
    const done = await Promise.race([exited, new Promise<undefined>((r) => setTimeout(r, 500))]);
    if (done !== undefined || child.exitCode !== null)
      return { child, outcome: await exited, output: () => out };
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return { child, outcome: 'ready', output: () => out };
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`passi start neither became ready nor exited:\n${out}`);
    }
  }
}

describe('two processes on one embedded data folder', () => {
  const env = cliEnv();
  const started: ChildProcess[] = [];
  afterAll(() => {
    for (const c of started) if (c.exitCode === null) c.kill('SIGKILL');
  });

  it('the second refuses to start, naming the first one’s pid; after a kill -9 the folder is taken over', async () => {
    const first = await start(env);
    started.push(first.child);
    expect(first.outcome, first.output()).toBe('ready');

    const second = await start(env);
    started.push(second.child);
    expect(second.outcome, second.output()).toBe(1);
    expect(second.output()).toContain(`in use by process ${first.child.pid}`);
    expect(second.output()).toContain('PASSI_DATA_DIR_IN_USE');

    // A crash leaves the lock file behind; the next start sees its process is gone and takes over.
    const gone = new Promise((r) => first.child.on('exit', r));
    first.child.kill('SIGKILL');
    await gone;
    const third = await start(env);
    started.push(third.child);
    expect(third.outcome, third.output()).toBe('ready');
    third.child.kill('SIGTERM');
  }, 400_000);
});
