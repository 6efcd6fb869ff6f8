import { createFakeMicrosoft, type FakeMicrosoft } from '../../support/fakes/fake-microsoft.ts';
import { type SchoolOp, startSchoolOp } from '../../support/fakes/school-op.ts';
import { type SchoolDriver, withTwin } from '../contract.ts';

const TENANT = '3f1c2a3b-1111-4222-8333-944455556666';
const CLIENT = '0a1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff';
const CLIENT_SECRET = 'entra-oidc-contract-client-secret-0123';
const EXT = 'extension_0a1b2c3daaaa4bbb8cccddddeeeeffff';

/**
 * Entra ID over OpenID Connect, then Microsoft Graph: a real oidc-provider at `/<tenant>/v2.0` (claims in
 * the ID token, as Entra sends them) with the fake token endpoint and Graph on the same host.
 */
export function entraOidcDriver(): SchoolDriver {
  let op: SchoolOp | undefined;
  let ms: FakeMicrosoft | undefined;
  return {
    label: 'entra over OIDC (+ Graph)',
    flowName: 'EntraOidcKoulu',
    twinFlowName: 'EntraOidcKouluToinen',
    answerMethod: 'GET',
    returnPath: '/upstream/oidc/EntraOidcKoulu/callback',
    notApplicable: {},
    async start(passiUrl) {
      const microsoft = createFakeMicrosoft();
      ms = microsoft;
      microsoft.tenants.set(TENANT, { clientId: CLIENT, clientSecret: CLIENT_SECRET });
      microsoft.users.set('obj-1', {
        id: 'obj-1',
        givenName: 'Eero',
        surname: 'Entra',
        [`${EXT}_learnerId`]: '1.2.246.562.98.30000000002',
        [`${EXT}_schoolCode`]: '30076',
        [`${EXT}_role`]: 'Oppilas',
      });
      op = await startSchoolOp({
        path: `/${TENANT}/v2.0`,
        clientId: CLIENT,
        clientSecret: CLIENT_SECRET,
        redirectUris: [
          `${passiUrl}/upstream/oidc/EntraOidcKoulu/callback`,
          `${passiUrl}/upstream/oidc/EntraOidcKouluToinen/callback`,
        ],
        claims: ['tid', 'oid'],
        claimsInIdToken: true,
        otherRoutes: (req, res) => microsoft.handle(req, res),
      });
      op.loginAs = 'entra-user';
      op.accounts.set('entra-user', { tid: TENANT, oid: 'obj-1', given_name: 'Eero' });
      return withTwin('EntraOidcKouluToinen', [
        {
          id: '4100401',
          organisationOid: '1.2.246.562.99.00000000001',
          type: 'entra',
          flowName: 'EntraOidcKoulu',
          deploymentPhase: 'test',
          settings: {
            kind: 'entra',
            tenantId: TENANT,
            clientId: CLIENT,
            login: 'oidc',
            loginBaseUrl: op.origin,
            graphBaseUrl: op.origin,
            graphAttributes: ['givenName', 'surname', `${EXT}_learnerId`, `${EXT}_schoolCode`, `${EXT}_role`],
          },
          mapping: {
            learnerId: `${EXT}_learnerId`,
            schoolIds: `${EXT}_schoolCode`,
            roles: `${EXT}_role`,
          },
          secrets: { clientSecret: CLIENT_SECRET },
          discovery: { displayName: { fi: 'Mansikkalan Entra' } },
        },
      ]);
    },
    arrange(outcome) {
      if (op) op.cancel = outcome === 'cancel';
      if (!ms) return;
      // School failure: Graph refuses the token (401), and again on the client's one retry.
      ms.failNext.length = 0;
      if (outcome === 'failure') ms.failNext.push({ status: 401 }, { status: 401 });
    },
    expected: {
      schoolInfo: '30076;Mansikkalan testi peruskoulu',
      learnerId: '1.2.246.562.98.30000000002',
      surname: 'Entra',
    },
    secrets: [CLIENT_SECRET],
    close: async () => op?.close(),
  };
}
