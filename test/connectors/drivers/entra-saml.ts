import {
  ENTRA_OBJECT_ID_CLAIM,
  ENTRA_TENANT_ID_CLAIM,
} from '../../../src/upstream/entra/entra-saml-connector.ts';
import { type FakeGraph, startFakeGraph } from '../../upstream-saml/support/fake-graph.ts';
import type { SchoolDriver } from '../contract.ts';
import { samlSchoolDriver } from './saml-school.ts';

const TENANT = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const CLIENT = '11111111-2222-4333-8444-555555555555';
const CLIENT_SECRET = 'entra-saml-contract-client-secret-0123';
const OID = '6b7c8d9e-0000-4111-8222-933344455566';

/**
 * Entra ID over SAML (issuer `https://sts.windows.net/<tenant>/`, claim URIs), then the user from the fake
 * Microsoft Graph by the objectidentifier claim. A school failure is Graph refusing the app (401 twice:
 * the client retries once).
 */
export function entraSamlDriver(): SchoolDriver {
  let graph: FakeGraph | undefined;
  const base = samlSchoolDriver({
    label: 'entra over SAML (+ Graph)',
    id: '4100801',
    flowName: 'EntraSamlKoulu',
    type: 'entra',
    shape: 'entra',
    idp: { entityId: () => `https://sts.windows.net/${TENANT}/` },
    user: {
      nameId: 'pairwise-nameid-xyz',
      attributes: {
        [ENTRA_TENANT_ID_CLAIM]: [TENANT],
        [ENTRA_OBJECT_ID_CLAIM]: [OID],
        'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname': ['Saml'],
      },
    },
    // Filled in by `start` below, once the fake Graph listens.
    settings: { tenantId: TENANT, clientId: CLIENT },
    mapping: {
      learnerId: 'extension_0a1b_learnerId',
      schoolIds: 'extension_0a1b_schoolCode',
      roles: 'extension_0a1b_role',
      groups: 'extension_0a1b_class',
    },
    secrets: { clientSecret: CLIENT_SECRET },
    expected: {
      schoolInfo: '30076;Mansikkalan testi peruskoulu',
      learnerId: '1.2.246.562.98.30000000001',
      firstName: 'Graafi',
    },
    arrangeFailure(outcome) {
      if (!graph) return false;
      graph.failNext = outcome === 'failure' ? { status: 401, times: 2 } : undefined;
      return outcome === 'failure';
    },
    close: async () => graph?.close(),
  });
  return {
    ...base,
    async start(passiUrl) {
      const started = await startFakeGraph(TENANT, CLIENT, CLIENT_SECRET);
      graph = started;
      started.users.set(OID, {
        id: OID,
        givenName: 'Graafi',
        surname: 'Oppilas',
        extension_0a1b_learnerId: '1.2.246.562.98.30000000001',
        extension_0a1b_schoolCode: '30076',
        extension_0a1b_role: 'Oppilas',
        extension_0a1b_class: '7A',
      });
      const integrations = await base.start(passiUrl);
      return integrations.map((i) => ({
        ...i,
        settings: {
          ...Object(i.settings),
          loginBaseUrl: started.baseUrl,
          graphBaseUrl: started.baseUrl,
        },
      }));
    },
  };
}
