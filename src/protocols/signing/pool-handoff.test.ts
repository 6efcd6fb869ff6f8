import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { worthThePoolHandoff } from './pool-handoff.ts';

describe('which private keys go to the thread pool on the login path', () => {
  it('RSA of 3072 bits or more does; RSA-2048 and EC keys stay on the event loop', () => {
    const rsa = (modulusLength: number) => generateKeyPairSync('rsa', { modulusLength }).privateKey;
    expect(worthThePoolHandoff(rsa(2048))).toBe(false);
    expect(worthThePoolHandoff(rsa(3072))).toBe(true);
    expect(worthThePoolHandoff(rsa(4096))).toBe(true);
    expect(worthThePoolHandoff(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey)).toBe(false);
  });
});
