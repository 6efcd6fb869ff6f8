import type { SchoolDriver } from '../contract.ts';

/**
 * The test directory (Passi's own login page for test accounts, MansikkalaTest of the demo registry):
 * the "school's answer" is the login form the person posts, demo_u0001 or the cancel button.
 */
export function testDirectoryDriver(): SchoolDriver {
  return {
    label: 'test-directory',
    // The test directory's answer is its own login form: a form posted into another browser's login carries
    // that browser's form token, so the form-token check (CSRF) refuses it before the connector runs.
    codes: { otherLogin: 'PASSI_FORM_TOKEN_INVALID' },
    flowName: 'MansikkalaTest',
    twinFlowName: 'MansikkalaToinen',
    answerMethod: 'POST',
    returnPath: '/upstream/test-directory/MansikkalaTest/login',
    notApplicable: {
      failure: 'the test directory is part of Passi: no school system behind it can answer with an error',
    },
    // The demo registry's MansikkalaTest, and a second test directory flow as its twin.
    start: async () => [
      {
        id: '4100002',
        organisationOid: '1.2.246.562.99.00000000001',
        type: 'test-directory',
        flowName: 'MansikkalaToinen',
        deploymentPhase: 'test',
        settings: { kind: 'test-directory' },
        discovery: { displayName: { fi: 'MansikkalaToinen' }, showSchools: false, tags: ['test'] },
      },
    ],
    arrange: () => {},
    formFields: (outcome): Record<string, string> =>
      outcome === 'cancel' ? { cancel: '1' } : { username: 'demo_u0001', password: 'demo_u0001pwd' },
    expected: { schoolInfo: '30076;Mansikkalan testi peruskoulu', schoolCode: '30076' },
    secrets: ['demo_u0001pwd'],
    close: async () => {},
  };
}
