import { type FakeWilma, startFakeWilma } from '../../support/fakes/fake-wilma.ts';
import { type SchoolDriver, withTwin } from '../contract.ts';

const SECRET = 'wilma-contract-shared-secret-0123456789';

/** Wilma (MPASS protocol, HMAC-signed redirects and user-data fetch): the fake of test/support/fakes. */
export function wilmaDriver(): SchoolDriver {
  let wilma: FakeWilma | undefined;
  return {
    label: 'wilma',
    flowName: 'WilmaKoulu',
    twinFlowName: 'WilmaKouluToinen',
    answerMethod: 'GET',
    returnPath: '/upstream/wilma/WilmaKoulu/callback',
    notApplicable: {
      cancel:
        "Wilma's MPASS protocol has no cancel answer: a person who gives up at Wilma never comes back to Passi",
    },
    async start() {
      wilma = await startFakeWilma(SECRET);
      wilma.loginAs = 'student-1';
      wilma.users.set('student-1', {
        username: 'MPASSOID.abc123',
        first_name: 'Wilma',
        last_name: 'Oppilas',
        nickname: 'Wilppu',
        roles: [{ school: '30076', role: 'student', group: '9F', groupLevel: 9 }],
        attributes: [{ name: 'learnerId', value: '1.2.246.562.98.20000000001' }],
      });
      return withTwin('WilmaKouluToinen', [
        {
          id: '4100101',
          organisationOid: '1.2.246.562.99.00000000001',
          type: 'wilma',
          flowName: 'WilmaKoulu',
          deploymentPhase: 'test',
          settings: { kind: 'wilma', hostname: 'wilma.mansikkala.example', baseUrl: wilma.baseUrl },
          secrets: { sharedSecret: SECRET },
          discovery: { displayName: { fi: 'Mansikkalan Wilma' } },
        },
      ]);
    },
    arrange(outcome) {
      // School failure: Wilma's user-data endpoint answers 500.
      if (wilma) wilma.userDataStatus = outcome === 'failure' ? 500 : undefined;
    },
    expected: {
      schoolInfo: '30076;Mansikkalan testi peruskoulu',
      learnerId: '1.2.246.562.98.20000000001',
      firstName: 'Wilma',
      nickname: 'Wilppu',
    },
    secrets: [SECRET],
    close: async () => wilma?.close(),
  };
}
