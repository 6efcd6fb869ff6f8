import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Registry documents at the admin API are YAML: an alias bomb (aliases of aliases, "billion laughs") or
 * nesting thousands of levels deep is refused with 400 and the registry's error code, quickly, instead of
 * blocking the event loop or failing as an internal error.
 */
const ADMIN_TOKEN = 'admin-yaml-limits-test-token-0123456789abcdef';

function aliasBomb(levels: number, width: number): string {
  const lines = [`a0: &a0 [${Array(width).fill('lol').join(', ')}]`];
  for (let i = 1; i < levels; i++)
    lines.push(
      `a${i}: &a${i} [${Array(width)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return lines.join('\n');
}

describe('YAML limits at the admin API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { adminToken: ADMIN_TOKEN } });
  });
  afterAll(async () => {
    await t?.close();
  });

  const importDoc = (body: string) =>
    fetch(`${t.baseUrl}/admin/api/registry/import?dryRun=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/yaml' },
      body,
    });

  it.each([
    ['an alias bomb', aliasBomb(9, 10), /alias/],
    ['many aliases of a small node', `a: &a x\nb: [${Array(5000).fill('*a').join(', ')}]`, /alias/],
    ['flow collections 500,000 levels deep', `a: ${'['.repeat(500_000)}${']'.repeat(500_000)}`, /deeper/],
    [
      'block mappings indented 1,000 levels deep',
      Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'),
      /deeper/,
    ],
  ])('%s → 400 within a second', async (_name, body, message) => {
    const started = performance.now();
    const res = await importDoc(body);
    const elapsed = performance.now() - started;
    const answer = (await res.json()) as { error: { code: string; issues?: { message: string }[] } };
    expect(res.status, JSON.stringify(answer)).toBe(400);
    expect(answer.error.code).toBe('PASSI_REGISTRY_INVALID');
    expect(answer.error.issues?.map((i) => i.message).join(' ')).toMatch(message);
    expect(elapsed).toBeLessThan(1000);
  });

  it('a document with a few anchors and aliases is still read', async () => {
    const res = await importDoc('organisations: &none []\nservices: *none\n');
    expect(res.status).toBe(200);
  });
});
