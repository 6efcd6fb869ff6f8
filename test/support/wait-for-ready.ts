import type { ChildProcess } from 'node:child_process';

/**
 * Waits until a Passi process started by a test answers `GET /readyz` with 200. Throws, with everything the
 * process printed, when it exits first or is not ready within `timeoutMs`.
 */
export async function waitForReady(
  baseUrl: string,
  child: ChildProcess,
  output: readonly string[],
  timeoutMs = 150_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = await fetch(`${baseUrl}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return;
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`Passi did not become ready:\n${output.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
