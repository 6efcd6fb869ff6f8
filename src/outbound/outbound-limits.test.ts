import { describe, expect, it } from 'vitest';
import { MAX_METADATA_BYTES } from '../protocols/saml/read-idp-metadata.ts';
import { OUTBOUND_LIMITS } from './outbound-limits.ts';

describe('outbound limits', () => {
  it('fetches no more SAML metadata than the metadata reader accepts', () => {
    expect(OUTBOUND_LIMITS.idpMetadata.maxBytes).toBe(MAX_METADATA_BYTES);
  });

  it('every caller has a finite timeout and cap', () => {
    for (const limits of Object.values(OUTBOUND_LIMITS)) {
      expect(limits.timeoutMs).toBeGreaterThan(0);
      expect(limits.timeoutMs).toBeLessThanOrEqual(60_000);
      expect(limits.maxBytes).toBeGreaterThan(0);
      expect(Number.isFinite(limits.maxBytes)).toBe(true);
    }
  });
});
