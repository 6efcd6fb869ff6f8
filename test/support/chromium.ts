import { createHash, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.PASSI_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM_PATH);
export const CHROMIUM_SKIP_REASON = `Chromium not found at ${CHROMIUM_PATH}: browser tests SKIPPED (apt-get install chromium; .ci/run does)`;

/**
 * Debian's Chromium driven by playwright-core (no browser downloads here), with the flags this network
 * needs, and a test's own (e.g. host resolver rules for a fake school server: see fakeHostArgs).
 */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/**
 * Flags that let Chromium reach a local https fake under a real host name: the name resolves to the fake's
 * port (the test network's DNS), and certificate errors are ignored only for the test certificate's key
 * (its SPKI SHA-256), not for every site.
 */
export function fakeHostArgs(hostname: string, to: { host: string; port: number }, certificatePem: string) {
  const spki = new X509Certificate(certificatePem).publicKey.export({ type: 'spki', format: 'der' });
  return [
    `--host-resolver-rules=MAP ${hostname} ${to.host}:${to.port}`,
    `--ignore-certificate-errors-spki-list=${createHash('sha256').update(spki).digest('base64')}`,
  ];
}
