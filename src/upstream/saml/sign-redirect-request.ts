/**
 * Signs an HTTP-Redirect AuthnRequest URL (SAML Bindings 2.0 §3.4.4.1): the signature covers
 * `SAMLRequest=…&SigAlg=…` (RelayState is never sent), URL-encoded as node-saml encodes it when it signs
 * itself, and is added as `SigAlg` and `Signature`. node-saml builds the request; Passi signs it here with
 * its already parsed key, because node-saml accepts only PEM text and would parse the key at every login.
 */
import type { KeyObject } from 'node:crypto';
import { stringify } from 'node:querystring';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import { ALG } from '../../protocols/saml/namespaces.ts';
import { signForLogin } from '../../protocols/signing/sign-for-login.ts';

export async function signRedirectRequest(unsignedUrl: string, key: KeyObject): Promise<string> {
  const url = new URL(unsignedUrl);
  const request = url.searchParams.get('SAMLRequest');
  if (request === null || url.searchParams.has('RelayState') || url.searchParams.has('Signature'))
    fail(ErrorCodes.INTERNAL, 'an unsigned AuthnRequest URL without RelayState was expected');
  const signed = stringify({ SAMLRequest: request, SigAlg: ALG.rsaSha256 });
  // This is on every proxied login's path: a large key signs off the event loop (sign-for-login.ts).
  const signature = (await signForLogin(Buffer.from(signed, 'utf8'), key)).toString('base64');
  url.searchParams.set('SigAlg', ALG.rsaSha256);
  url.searchParams.set('Signature', signature);
  return url.toString();
}
