import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const DIR = resolve(import.meta.dirname, '../../../test/fixtures/saml');

/** Reads a fixture from test/fixtures/saml by file name. */
export function fixture(name: string): string {
  return readFileSync(resolve(DIR, name), 'utf8');
}

export const MINIMAL_REQUEST_NOW = new Date('2026-11-28T10:00:00Z');
export const SSO_URLS = [
  'https://passi.example/idp/profile/SAML2/Redirect/SSO',
  'https://passi.example/idp/profile/SAML2/POST/SSO',
];
