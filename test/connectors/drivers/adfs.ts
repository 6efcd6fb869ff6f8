import { adfsStudent } from '../../upstream-saml/support/saml-sp-setup.ts';
import type { SchoolDriver } from '../contract.ts';
import { samlSchoolDriver } from './saml-school.ts';

/** ADFS: signed AuthnRequests required, AES-CBC encrypted assertion inside a signed Response. */
export function adfsDriver(): SchoolDriver {
  return samlSchoolDriver({
    label: 'adfs (SAML, encrypted assertions)',
    id: '4100501',
    flowName: 'AdfsKoulu',
    type: 'adfs',
    shape: 'adfs',
    settings: { requireSignedResponse: true },
    user: { nameId: 'adfs-nameid-1', attributes: adfsStudent(1) },
    expected: {
      schoolInfo: '30076;Mansikkalan testi peruskoulu',
      learnerId: '1.2.246.562.98.20000000001',
      firstName: 'Testi1',
    },
  });
}
