/**
 * The service page's certificate details and the edit form's access and service-set fields (docs/portal.md "Services", docs/registry.md
 * "Services by agreement"). Finnish is the source; the Swedish and English objects are typed against it,
 * so a missing translation fails the type-check.
 */
export const fi = {
  'portal.services.access': 'Käyttöoikeus',
  'portal.services.access.open': 'Avoin',
  'portal.services.access.openHelp':
    'Jokainen koulutuksen järjestäjä, jonka integraatio sallii palvelun, voi käyttää sitä heti.',
  'portal.services.access.agreement': 'Sopimuksella',
  'portal.services.access.agreementHelp':
    'Koulutuksen järjestäjä pyytää palvelua, ja palvelu on käytössä vasta, kun palveluntarjoaja on hyväksynyt pyynnön.',
  'portal.services.editSets': 'Palveluryhmät (vähintään yksi)',
  'portal.services.setsRequired': 'Valitse vähintään yksi palveluryhmä.',
  'portal.services.signingCertificate': 'Allekirjoitusvarmenne',
  'portal.services.certificateValidUntil': 'voimassa',
  'portal.services.testPassed': 'Testikirjautuminen on onnistunut.',
};

type Messages = Record<keyof typeof fi, string>;

export const sv: Messages = {
  'portal.services.access': 'Åtkomst',
  'portal.services.access.open': 'Öppen',
  'portal.services.access.openHelp':
    'Varje utbildningsanordnare vars integration tillåter tjänsten kan använda den genast.',
  'portal.services.access.agreement': 'Med avtal',
  'portal.services.access.agreementHelp':
    'Utbildningsanordnaren begär tjänsten, och den kan användas först när tjänsteleverantören har godkänt begäran.',
  'portal.services.editSets': 'Tjänstegrupper (minst en)',
  'portal.services.setsRequired': 'Välj minst en tjänstegrupp.',
  'portal.services.signingCertificate': 'Signeringscertifikat',
  'portal.services.certificateValidUntil': 'giltigt till',
  'portal.services.testPassed': 'Testinloggningen har lyckats.',
};

export const en: Messages = {
  'portal.services.access': 'Access',
  'portal.services.access.open': 'Open',
  'portal.services.access.openHelp':
    'Every education provider whose integration allows the service can use it at once.',
  'portal.services.access.agreement': 'By agreement',
  'portal.services.access.agreementHelp':
    'An education provider requests the service, and it can be used once the service provider has accepted the request.',
  'portal.services.editSets': 'Service sets (at least one)',
  'portal.services.setsRequired': 'Choose at least one service set.',
  'portal.services.signingCertificate': 'Signing certificate',
  'portal.services.certificateValidUntil': 'valid until',
  'portal.services.testPassed': 'A test login has passed.',
};
