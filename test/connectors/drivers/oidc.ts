import { type SchoolOp, startSchoolOp } from '../../support/fakes/school-op.ts';
import { type SchoolAnswer, type SchoolDriver, withTwin } from '../contract.ts';

const CLIENT_SECRET = 'oidc-contract-client-secret-0123456789';

/**
 * OAuth 2.0 error response at the client's redirect URI (RFC 6749 §4.1.2.1), built from the school's
 * genuine answer: same state and iss (RFC 9207), `error` instead of `code`.
 */
export function errorAnswer(answer: SchoolAnswer, error: string): SchoolAnswer {
  const url = new URL(answer.url);
  url.searchParams.delete('code');
  url.searchParams.set('error', error);
  url.searchParams.set('error_description', 'the school could not sign the person in');
  return { method: 'GET', url: url.href };
}

/** A generic OpenID provider: a real oidc-provider (test/support/fakes/school-op.ts) as the school. */
export function oidcDriver(): SchoolDriver {
  let op: SchoolOp | undefined;
  return {
    label: 'oidc',
    flowName: 'OidcKoulu',
    twinFlowName: 'OidcKouluToinen',
    answerMethod: 'GET',
    returnPath: '/upstream/oidc/OidcKoulu/callback',
    notApplicable: {},
    async start(passiUrl) {
      op = await startSchoolOp({
        clientId: 'passi-rp',
        clientSecret: CLIENT_SECRET,
        redirectUris: [
          `${passiUrl}/upstream/oidc/OidcKoulu/callback`,
          `${passiUrl}/upstream/oidc/OidcKouluToinen/callback`,
        ],
        claims: ['learnerId', 'schoolCode', 'userRole', 'class'],
      });
      op.loginAs = 'oidc-student';
      op.accounts.set('oidc-student', {
        given_name: 'Olli',
        family_name: 'Oidc',
        learnerId: '1.2.246.562.98.30000000001',
        schoolCode: '30076',
        userRole: 'Oppilas',
        class: '7A',
      });
      return withTwin('OidcKouluToinen', [
        {
          id: '4100201',
          organisationOid: '1.2.246.562.99.00000000001',
          type: 'oidc',
          flowName: 'OidcKoulu',
          deploymentPhase: 'test',
          settings: { kind: 'oidc', issuer: op.issuer, clientId: 'passi-rp', scopes: ['profile'] },
          secrets: { clientSecret: CLIENT_SECRET },
          discovery: { displayName: { fi: 'Mansikkalan OIDC' } },
        },
      ]);
    },
    arrange(outcome) {
      // Cancel: the person says no at the OP, which answers access_denied (OIDC Core §3.1.2.6).
      if (op) op.cancel = outcome === 'cancel';
    },
    // School failure: the OP answers server_error (RFC 6749 §4.1.2.1).
    shapeAnswer: (answer, outcome) => (outcome === 'failure' ? errorAnswer(answer, 'server_error') : answer),
    expected: {
      schoolInfo: '30076;Mansikkalan testi peruskoulu',
      learnerId: '1.2.246.562.98.30000000001',
      firstName: 'Olli',
    },
    secrets: [CLIENT_SECRET],
    close: async () => op?.close(),
  };
}
