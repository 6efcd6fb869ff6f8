import type { SchoolDriver } from '../contract.ts';
import { adfsDriver } from './adfs.ts';
import { entraOidcDriver } from './entra-oidc.ts';
import { entraSamlDriver } from './entra-saml.ts';
import { googleDriver } from './google.ts';
import { oidcDriver } from './oidc.ts';
import { opinsysDriver } from './opinsys.ts';
import { samlDriver } from './saml.ts';
import { testDirectoryDriver } from './test-directory.ts';
import { wilmaDriver } from './wilma.ts';

/** One driver per connector type (registry `type`, and the login protocol where Entra has two). */
export const DRIVERS: (() => SchoolDriver)[] = [
  testDirectoryDriver,
  wilmaDriver,
  opinsysDriver,
  oidcDriver,
  entraSamlDriver,
  entraOidcDriver,
  adfsDriver,
  googleDriver,
  samlDriver,
];
