import type { PortalDeps } from '../../src/portal/commands/portal-deps.ts';
import type { Principal } from '../../src/portal/domain/principal.ts';
import type { PortalRole } from '../../src/portal/domain/roles.ts';
import { createIntegrationTestStore } from '../../src/portal/store/integration-test-store.ts';
import type { TestApp } from '../support/test-app.ts';

/** The demo registry's education provider and its test-directory integration. */
export const ORG_A = '1.2.246.562.99.00000000001';
export const DEMO_INTEGRATION = '4000001';

/** The command layer over a test app, with its registry; the clock and the approval setting may be replaced. */
export function integrationDeps(t: TestApp, extra: Partial<PortalDeps> = {}): PortalDeps {
  return {
    db: t.services.db,
    box: t.services.box,
    clock: t.services.clock,
    mailer: { send: async () => {} },
    publicUrl: t.baseUrl,
    registry: { cache: t.services.registry, repo: t.services.repo },
    ...extra,
  };
}

export function principalOf(
  personId: string,
  role: PortalRole,
  organisationId: string,
  via: 'session' | 'token' = 'session',
): Principal {
  return { personId, email: `${personId}@example.fi`, displayName: personId, organisationId, role, via };
}

/** A passed test login of `integrationId` at `at`, as the test service's result page stores it. */
export async function passedTestLogin(t: TestApp, organisationId: string, integrationId: string, at: Date) {
  await createIntegrationTestStore(t.services.db).recordResult({
    organisationId,
    integrationId,
    personId: 'seeded',
    at,
    protocol: 'saml',
    passed: true,
    problems: { attributes: [], rules: [] },
  });
}

/** A test integration of a school's own OpenID provider, importable into the registry. */
export function oidcTestIntegrationYaml(input: {
  id: string;
  organisationOid: string;
  flowName: string;
  issuer: string;
}): string {
  return `
integrations:
  - id: "${input.id}"
    organisationOid: ${input.organisationOid}
    type: oidc
    flowName: ${input.flowName}
    deploymentPhase: test
    settings: { kind: oidc, issuer: "${input.issuer}", clientId: passi-${input.id} }
    secrets: { clientSecret: "the-school-client-secret-of-${input.id}" }
    mapping: { learnerId: oppijanumero }
    discovery:
      displayName: { fi: Koulu ${input.id} }
      tags: [koulu]
    allowedServices: [attribute-test]
`;
}
