import { adfsStudent } from '../../upstream-saml/support/saml-sp-setup.ts';
import type { SchoolDriver } from '../contract.ts';
import { samlSchoolDriver } from './saml-school.ts';

/** A generic SAML IdP: AES-GCM encrypted assertion, URI attribute names. */
export function samlDriver(): SchoolDriver {
  return samlSchoolDriver({
    label: 'saml (generic)',
    id: '4100701',
    flowName: 'SamlKoulu',
    type: 'saml',
    shape: 'generic',
    user: { nameId: 'generic-3', attributes: adfsStudent(3) },
    expected: {
      schoolInfo: '30076;Mansikkalan testi peruskoulu',
      learnerId: '1.2.246.562.98.20000000003',
      firstName: 'Testi3',
    },
  });
}
