import { describe, expect, it } from 'vitest';
import { ATTRIBUTE_CATALOGUE } from './attribute-catalogue.ts';
import { MPASS_ATTRIBUTE_NAMES } from './attribute-mapping.ts';
import { renderDataModelDoc } from './data-model-doc.ts';

describe('renderDataModelDoc', () => {
  const doc = renderDataModelDoc([{ type: 'adfs', mapping: MPASS_ATTRIBUTE_NAMES }]);

  it('lists every attribute with its SAML name and claim', () => {
    for (const e of ATTRIBUTE_CATALOGUE) {
      expect(doc).toContain(`\`${e.samlName}\``);
      expect(doc).toContain(`\`${e.oidcClaim}\``);
    }
    expect(doc).toContain('| 6 | `Rehtori` |');
    expect(doc).toContain('| `schoolIds` | `schoolCode` |');
  });
});
