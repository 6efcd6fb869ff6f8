import { randomFillSync } from 'node:crypto';

/**
 * Random bytes are drawn from a pooled buffer: one OpenSSL call per 256 IDs instead of one per ID
 * (each Response needs two IDs, and a per-call randomBytes showed up in the signing profile).
 */
const POOL = Buffer.alloc(4096);
let offset = POOL.length;

/** SAML Core 2.0 §1.3.4: ID values are xs:ID (an NCName), unique, unguessable: `_` + 128 random bits. */
export function newSamlId(): string {
  if (offset + 16 > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const id = `_${POOL.toString('hex', offset, offset + 16)}`;
  offset += 16;
  return id;
}

/** SAML Core 2.0 §1.3.3: xs:dateTime in UTC with `Z`; whole seconds for the widest SP compatibility. */
export function samlInstant(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
