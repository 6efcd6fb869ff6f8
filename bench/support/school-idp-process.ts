/**
 * The schools' SAML IdPs of the proxied-login benchmark, run as a SEPARATE PROCESS so that their signing and
 * encryption never count as Passi's CPU. It reuses the tests' school IdP (test/upstream-saml/support), each
 * with its own key:
 * - `plain`: assertion signed (RSA-SHA256), not encrypted (the Google Workspace / Entra habit);
 * - `adfs`: Response and Assertion signed, assertion encrypted with AES-256-CBC + RSA-OAEP to Passi's SP
 *   encryption certificate, signed AuthnRequests required (an MPASSid ADFS relying-party trust).
 *
 * Protocol with the parent: prints one JSON line `{ plain: {metadataUrl}, adfs: {metadataUrl} }`, then reads
 * Passi's SP metadata URL from stdin, fetches that metadata ONCE (an ADFS refreshes it on a schedule, not per
 * login; fetching it per login would charge Passi a metadata rendering each time) and prints `ready`. Exits
 * when stdin closes.
 */
import { createInterface } from 'node:readline';
import { adfsStudent } from '../../test/upstream-saml/support/saml-sp-setup.ts';
import { startSchoolIdp } from '../../test/upstream-saml/support/school-idp.ts';

let spMetadataDataUrl = '';
const spMetadataUrl = () => spMetadataDataUrl;
const plain = await startSchoolIdp({
  shape: 'google',
  keyLabel: 'bench-school-plain',
  spMetadataUrl,
  user: { nameId: 'bench-plain-1', attributes: adfsStudent(1) },
});
const adfs = await startSchoolIdp({
  shape: 'adfs',
  keyLabel: 'bench-school-adfs',
  spMetadataUrl,
  user: { nameId: 'bench-adfs-2', attributes: adfsStudent(2) },
});

async function close(): Promise<void> {
  await plain.close();
  await adfs.close();
  process.exit(0);
}

console.log(
  JSON.stringify({ plain: { metadataUrl: plain.metadataUrl }, adfs: { metadataUrl: adfs.metadataUrl } }),
);
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  void (async () => {
    const xml = await (await fetch(line.trim())).text();
    spMetadataDataUrl = `data:application/samlmetadata+xml;base64,${Buffer.from(xml).toString('base64')}`;
    console.log('ready');
  })().catch((e: unknown) => {
    console.error(String(e));
    process.exit(1);
  });
});
lines.on('close', () => void close());
