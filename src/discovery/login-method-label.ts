import type { LocalisedText } from '../core/language.ts';
import type { Integration, IntegrationType } from '../registry/integration-schema.ts';
import type { DiscoveryEntry } from './discovery-entry.ts';

/**
 * What people call the login services of the types that have one name everywhere. Product names are the
 * same in every language; the test directory is Passi's own and is described instead. Generic SAML / OIDC
 * and AD FS have no such name: the school's display name (else flow name) tells them apart.
 */
const METHOD_NAMES: Partial<Record<IntegrationType, LocalisedText>> = {
  wilma: { fi: 'Wilma', sv: 'Wilma', en: 'Wilma' },
  entra: { fi: 'Microsoft 365', sv: 'Microsoft 365', en: 'Microsoft 365' },
  google: { fi: 'Google', sv: 'Google', en: 'Google' },
  opinsys: { fi: 'Opinsys', sv: 'Opinsys', en: 'Opinsys' },
  'test-directory': { fi: 'Testitunnukset', sv: 'Testkonton', en: 'Test accounts' },
};

/**
 * When one education provider has more than one integration among the page's entries (e.g. Wilma for
 * pupils and Microsoft 365 for teachers), every school would otherwise be listed twice, indistinguishably.
 * Each such entry then carries its integration's login method: the type's name when no other
 * integration of the provider has the same type, else the display name, else the flow name (unique in the
 * registry). Entries of a provider with one integration are returned as they are.
 */
export function labelLoginMethods(
  entries: DiscoveryEntry[],
  integrations: readonly Integration[],
): DiscoveryEntry[] {
  const byId = new Map(integrations.map((i) => [i.id, i]));
  const perGroup = new Map<string, Integration[]>();
  for (const entry of entries) {
    const integration = byId.get(entry.integrationId);
    const list = perGroup.get(entry.group.id) ?? [];
    if (integration && !list.includes(integration)) list.push(integration);
    perGroup.set(entry.group.id, list);
  }
  const labels = new Map<string, LocalisedText>();
  for (const list of perGroup.values()) {
    if (list.length < 2) continue;
    for (const integration of list) {
      const name = METHOD_NAMES[integration.type];
      const typeIsUnique = list.filter((i) => i.type === integration.type).length === 1;
      const label =
        name && typeIsUnique ? name : (integration.discovery.displayName ?? { fi: integration.flowName });
      labels.set(integration.id, label);
    }
  }
  if (labels.size === 0) return entries;
  return entries.map((entry) => {
    const method = labels.get(entry.integrationId);
    return method ? { ...entry, method, keywords: [...entry.keywords, method] } : entry;
  });
}
