import { type FakePuavo, startFakePuavo } from '../../support/fakes/fake-puavo.ts';
import { type SchoolDriver, withTwin } from '../contract.ts';

const SECRET = 'opinsys-contract-shared-secret-0123456789';
const PASSWORD = 'opinsys-contract-bind-password';
const DOMAIN = 'mansikkala.opinsys.fi';
const BIND_DN = 'puavoId=123,ou=People,dc=edu,dc=mansikkala,dc=fi';

/** Opinsys / Puavo (HS256 SSO token, then the REST user with HTTP Basic): the fake of test/support/fakes. */
export function opinsysDriver(): SchoolDriver {
  let puavo: FakePuavo | undefined;
  return {
    label: 'opinsys',
    flowName: 'OpinsysKoulu',
    twinFlowName: 'OpinsysKouluToinen',
    answerMethod: 'GET',
    returnPath: '/upstream/opinsys/OpinsysKoulu/callback',
    notApplicable: {
      cancel: "Puavo's SSO (puavo-web SSO_DEVELOPERS.md) has no cancel or error answer to return_to",
    },
    async start() {
      puavo = await startFakePuavo({ secret: SECRET, domain: DOMAIN, bindDn: BIND_DN, password: PASSWORD });
      puavo.loginAs = '4711';
      puavo.tokens.set('4711', { username: 'olli.opinsys', first_name: 'Olli', last_name: 'Opinsys' });
      puavo.users.set('4711', {
        id: 4711,
        first_name: 'Olli',
        last_name: 'Opinsys',
        learner_id: '1.2.246.562.98.40000000001',
        user_type: 'student',
        schools: [
          {
            name: 'Mansikkalan testi peruskoulu',
            school_code: '30076',
            roles: ['student'],
            groups: [{ type: 'teaching group', name: '8B' }],
          },
        ],
      });
      return withTwin('OpinsysKouluToinen', [
        {
          id: '4100301',
          organisationOid: '1.2.246.562.99.00000000001',
          type: 'opinsys',
          flowName: 'OpinsysKoulu',
          deploymentPhase: 'test',
          settings: {
            kind: 'opinsys',
            organisationDomain: DOMAIN,
            bindDn: BIND_DN,
            apiBaseUrl: puavo.baseUrl,
          },
          secrets: { sharedSecret: SECRET, clientKey: PASSWORD },
          discovery: { displayName: { fi: 'Mansikkalan Opinsys' } },
        },
      ]);
    },
    arrange(outcome) {
      // School failure: Puavo's REST API refuses the user fetch (401, as for a changed bind password).
      if (puavo) puavo.restStatus = outcome === 'failure' ? 401 : undefined;
    },
    expected: {
      schoolInfo: '30076;Mansikkalan testi peruskoulu',
      learnerId: '1.2.246.562.98.40000000001',
      firstName: 'Olli',
    },
    secrets: [SECRET, PASSWORD],
    close: async () => puavo?.close(),
  };
}
