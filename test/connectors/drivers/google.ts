import { adfsStudent } from '../../upstream-saml/support/saml-sp-setup.ts';
import type { SchoolDriver } from '../contract.ts';
import { samlSchoolDriver } from './saml-school.ts';

/** Google Workspace custom SAML app: signed assertion, no encryption, basic attribute names. */
export function googleDriver(): SchoolDriver {
  return samlSchoolDriver({
    label: 'google (SAML)',
    id: '4100601',
    flowName: 'GoogleKoulu',
    type: 'google',
    shape: 'google',
    user: { nameId: 'student2@koulu.example', attributes: adfsStudent(2) },
    expected: {
      schoolInfo: '30076;Mansikkalan testi peruskoulu',
      learnerId: '1.2.246.562.98.20000000002',
      firstName: 'Testi2',
    },
  });
}
