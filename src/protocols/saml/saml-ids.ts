import { createRandomPool } from '../../core/random-pool.ts';

/**
 * One pool for the random values of SAML messages, which free functions make all over the SAML code (each
 * Response needs two IDs, and a per-call randomBytes showed up in the signing profile).
 */
const POOL = createRandomPool();

/** SAML Core 2.0 §1.3.4: ID values are xs:ID (an NCName), unique, unguessable: `_` + 128 random bits. */
export function newSamlId(): string {
  return `_${POOL.hex(16)}`;
}

/**
 * SAML Core 2.0 §8.3.8: a transient NameID, opaque and used once: `_` + 160 random bits (an NCName too,
 * for services that store it as one).
 */
export function newTransientNameId(): string {
  return `_${POOL.hex(20)}`;
}

/** SAML Core 2.0 §1.3.3: xs:dateTime in UTC with `Z`; whole seconds for the widest SP compatibility. */
export function samlInstant(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
