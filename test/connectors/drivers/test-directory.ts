import type { SchoolDriver } from '../contract.ts';

/**
 * The test directory (Passi's own login page for test accounts, MansikkalaTest of the demo registry):
 * the "school's answer" is the login form the person posts, demo_u0001 or the cancel button.
 */
export function testDirectoryDriver(): SchoolDriver {
  return {
    label: 'test-directory',
    flowName: 'MansikkalaTest',
    answerMethod: 'POST',
    returnPath: '/upstream/test-directory/MansikkalaTest/login',
    notApplicable: {
      failure: 'the test directory is part of Passi: no school system behind it can answer with an error',
    },
    start: async () => [],
    arrange: () => {},
    formFields: (outcome): Record<string, string> =>
      outcome === 'cancel' ? { cancel: '1' } : { username: 'demo_u0001', password: 'demo_u0001pwd' },
    expected: { schoolInfo: '30076;Mansikkalan testi peruskoulu', schoolCode: '30076' },
    secrets: ['demo_u0001pwd'],
    close: async () => {},
  };
}
