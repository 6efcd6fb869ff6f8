import { createServer, type Server } from 'node:http';
import { createFakeMicrosoft, type FakeMicrosoft } from '../support/fakes/fake-microsoft.ts';
import { listenLocal } from '../support/fakes/listen.ts';

/** A fake Microsoft tenant and Entra ID integrations pointing at it (docs/integrations/entra.md). */
const ENTRA_TENANT = '3f1c2a3b-1111-4222-8333-944455556666';
const CLIENT = '0a1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff';
export const EXT = 'extension_abc';
export const ENTRA_INTEGRATION = '4000401';

/** An Entra ID integration of `org` whose Graph is the fake at `base` (deploymentPhase test allows it). */
export function entraIntegrationYaml(id: string, org: string, base: string, secret = 'entra-secret'): string {
  return `
  - id: "${id}"
    organisationOid: ${org}
    type: entra
    flowName: Entra${id}
    deploymentPhase: test
    settings:
      kind: entra
      tenantId: ${ENTRA_TENANT}
      clientId: ${CLIENT}
      login: oidc
      loginBaseUrl: "${base}"
      graphBaseUrl: "${base}"
    mapping:
      learnerId: ${EXT}_learnerId
      schoolIds: ${EXT}_schoolCode
      roles: ${EXT}_role
    secrets: { clientSecret: ${secret} }
    discovery: { displayName: { fi: Entra ${id} } }`;
}

/** A fake Microsoft with a complete pupil (`complete@…`) and one without a learner id (`nolearner@…`). */
export async function startFakeEntra(): Promise<{ ms: FakeMicrosoft; server: Server; base: string }> {
  const ms = createFakeMicrosoft();
  ms.tenants.set(ENTRA_TENANT, { clientId: CLIENT, clientSecret: 'entra-secret' });
  const user = (id: string, extra: Record<string, unknown>) => ({
    id,
    givenName: 'Eero',
    surname: 'Entra',
    [`${EXT}_schoolCode`]: '30076',
    [`${EXT}_role`]: 'Oppilas',
    ...extra,
  });
  ms.users.set(
    'complete@mansikkala.example',
    user('obj-1', { [`${EXT}_learnerId`]: '1.2.246.562.98.30000000002' }),
  );
  ms.users.set('nolearner@mansikkala.example', user('obj-2', { [`${EXT}_learnerId`]: null }));
  const server = createServer((req, res) => {
    if (!ms.handle(req, res)) res.writeHead(404).end();
  });
  const base = await listenLocal(server);
  return { ms, server, base };
}
