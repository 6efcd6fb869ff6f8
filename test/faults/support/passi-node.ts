import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from '../../support/free-port.ts';

export interface PassiNode {
  /** `http://127.0.0.1:<port>` — this node (the deployment's public URL is the balancer's). */
  url: string;
  /** The exit code or signal once the process has exited; undefined while it runs. */
  exited(): string | undefined;
  /** Everything the process wrote (for failure messages). */
  output(): string;
  stop(): Promise<void>;
  /** Resolves once /readyz answers 200; throws if the process exits first or `timeoutMs` passes. */
  waitReady(timeoutMs: number): Promise<void>;
}

/**
 * One node of a deployment as its own OS process (`passi start`), as operators run it: a crash is a
 * process exit the test can see. Resolves once /readyz answers 200.
 */
export async function startPassiNode(env: Record<string, string>): Promise<PassiNode> {
  const node = await spawnPassiNode(env);
  await node.waitReady(120_000);
  return node;
}

/** A node process, not yet ready. */
export async function spawnPassiNode(env: Record<string, string>): Promise<PassiNode> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const chunks: string[] = [];
  const child: ChildProcess = spawn(process.execPath, ['bin/passi.js', 'start'], {
    env: {
      ...process.env,
      PASSI_PORT: String(port),
      PASSI_HOST: '127.0.0.1',
      PASSI_SIGNING_KEY_TYPE: 'rsa-2048',
      PASSI_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => chunks.push(String(d)));
  child.stderr?.on('data', (d) => chunks.push(String(d)));
  let exit: string | undefined;
  const closed = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      exit = signal ?? String(code);
      resolve();
    }),
  );
  const node: PassiNode = {
    url,
    exited: () => exit,
    output: () => chunks.join(''),
    async stop() {
      if (exit === undefined) child.kill('SIGTERM');
      await closed;
    },
    async waitReady(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const ready = await fetch(`${url}/readyz`).then(
          (r) => r.status === 200,
          () => false,
        );
        if (ready) return;
        if (exit !== undefined || Date.now() > deadline) {
          child.kill('SIGKILL');
          throw new Error(`the Passi node did not become ready (exit ${exit}):\n${node.output()}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
  return node;
}
