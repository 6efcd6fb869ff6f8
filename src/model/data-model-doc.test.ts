import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ATTRIBUTE_CATALOGUE } from './attribute-catalogue.ts';
import { renderDataModelDoc } from './data-model-doc.ts';

describe('renderDataModelDoc', () => {
  const doc = renderDataModelDoc();

  it('lists every attribute with its SAML name and claim', () => {
    for (const e of ATTRIBUTE_CATALOGUE) {
      expect(doc).toContain(`\`${e.samlName}\``);
      expect(doc).toContain(`\`${e.oidcClaim}\``);
    }
    expect(doc).toContain('| 6 | `Rehtori` |');
    expect(doc).toContain('| `schoolIds` | `schoolCode` |');
  });

  it('matches the checked-in docs/data-model.md', () => {
    expect(readFileSync(new URL('../../docs/data-model.md', import.meta.url), 'utf8')).toBe(doc);
  });
});
