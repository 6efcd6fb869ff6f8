import { spawn } from 'node:child_process';
import { freePort } from './free-port.ts';
import { waitForReady } from './wait-for-ready.ts';

export interface PassiProcess {
  /** `http://127.0.0.1:<port>` — where this node listens (its public URL is the deployment's). */
  url: string;
  stop(): void;
}

/**
 * Another node of a deployment as a separate OS process (`passi start`): same public URL, secret key and
 * PostgreSQL database as the node under test. Resolves once its /readyz answers 200.
 */
export async function startPassiProcess(input: {
  databaseUrl: string;
  secretKey: string;
  publicUrl: string;
}): Promise<PassiProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const child = spawn(process.execPath, ['bin/passi.js', 'start'], {
    env: {
      ...process.env,
      DATABASE_URL: input.databaseUrl,
      PASSI_SECRET_KEY: input.secretKey,
      PASSI_PUBLIC_URL: input.publicUrl,
      PASSI_PORT: String(port),
      PASSI_HOST: '127.0.0.1',
      PASSI_SIGNING_KEY_TYPE: 'rsa-2048',
      PASSI_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => output.push(String(d)));
  child.stderr.on('data', (d) => output.push(String(d)));
  try {
    await waitForReady(url, child, output, 120_000);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return { url, stop: () => child.kill('SIGTERM') };
}
