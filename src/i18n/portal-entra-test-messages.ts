/**
 * "Test attributes of an Entra ID user" (docs/portal.md). Finnish is the source; the Swedish and English
 * objects are typed against it, so a missing translation fails the type-check.
 */
export const fi = {
  'portal.entratest.title': 'Testaa Entra ID -käyttäjän attribuutit',
  'portal.entratest.intro':
    'Passi hakee käyttäjän tiedot Microsoft Graphista integraation omalla sovellusrekisteröinnillä ilman kirjautumista ja käsittelee ne kuten kirjautumisessa. Tietoja ei tallenneta.',
  'portal.entratest.userId': 'Käyttäjän objektitunnus tai käyttäjätunnus (UPN)',
  'portal.entratest.userIdHint': 'Esimerkiksi oppilas@koulu.fi tai Entra ID:n objektitunnus.',
  'portal.entratest.userIdMissing': 'Anna käyttäjän objektitunnus tai käyttäjätunnus.',
  'portal.entratest.userIdInvalid': 'Tunnuksessa ei saa olla välilyöntejä eikä merkkejä / \\ ?.',
  'portal.entratest.submit': 'Hae attribuutit',
  'portal.entratest.errorSummary': 'Korjaa seuraavat kohdat:',
  'portal.entratest.notEntra': 'Attribuuttitesti toimii vain Entra ID -integraatioille.',
  'portal.entratest.back': 'Takaisin integraation testaukseen',
  'portal.entratest.resultTitle': 'Tulos',
  'portal.entratest.blocked':
    'Tämän käyttäjän kirjautuminen hylättäisiin: yksilöivä tunniste tai oppijanumero puuttuu tai on virheellinen.',
  'portal.entratest.passes': 'Käyttäjän kirjautuminen onnistuisi.',
  'portal.entratest.caption': 'Tietomallin attribuutit',
  'portal.entratest.col.attribute': 'Attribuutti',
  'portal.entratest.col.status': 'Tila',
  'portal.entratest.col.values': 'Arvot',
  'portal.entratest.col.rules': 'Syy ja sääntö',
  'portal.entratest.status.ok': 'OK',
  'portal.entratest.status.empty': 'Tyhjä',
  'portal.entratest.status.error': 'Virhe',
  'portal.entratest.select': 'Graphista haetut ominaisuudet',
  'portal.entratest.graphError': 'Microsoft Graph ei palauttanut käyttäjän tietoja',
  'portal.entratest.technical': 'Microsoftin vastaus',
  'portal.entratest.fix.credentials':
    'Tarkista integraation tenant-tunnus, sovelluksen (client) tunnus ja client secret; vanhentunut tai väärä salaisuus pitää vaihtaa.',
  'portal.entratest.fix.permission':
    'Anna sovellusrekisteröinnille sovellusoikeus User.Read.All ja ylläpitäjän hyväksyntä (admin consent).',
  'portal.entratest.fix.property':
    'Korjaa attribuutin nimi integraation attribuuttimäärityksissä; nimissä on kirjainkoolla merkitystä ja laajennusattribuuttien pitää olla rekisteröity tenanttiin.',
  'portal.entratest.fix.user': 'Käyttäjää ei löydy tenantista. Tarkista tunnus.',
  'portal.entratest.fix.unavailable': 'Microsoft ei juuri nyt vastaa. Yritä hetken päästä uudelleen.',
  'portal.entratest.fix.other': 'Tarkista integraation asetukset Microsoftin vastauksen perusteella.',
};

export const sv: Record<keyof typeof fi, string> = {
  'portal.entratest.title': 'Testa attributen för en Entra ID-användare',
  'portal.entratest.intro':
    'Passi hämtar användarens uppgifter från Microsoft Graph med integrationens egen appregistrering utan inloggning och behandlar dem som vid en inloggning. Uppgifterna sparas inte.',
  'portal.entratest.userId': 'Användarens objekt-id eller användarnamn (UPN)',
  'portal.entratest.userIdHint': 'Till exempel elev@skola.fi eller objekt-id:t i Entra ID.',
  'portal.entratest.userIdMissing': 'Ange användarens objekt-id eller användarnamn.',
  'portal.entratest.userIdInvalid': 'Id:t får inte innehålla mellanslag eller tecknen / \\ ?.',
  'portal.entratest.submit': 'Hämta attributen',
  'portal.entratest.errorSummary': 'Rätta följande:',
  'portal.entratest.notEntra': 'Attributtestet fungerar bara för Entra ID-integrationer.',
  'portal.entratest.back': 'Tillbaka till integrationens test',
  'portal.entratest.resultTitle': 'Resultat',
  'portal.entratest.blocked':
    'Inloggningen för den här användaren skulle nekas: unikt id eller elevnummer saknas eller är felaktigt.',
  'portal.entratest.passes': 'Användarens inloggning skulle lyckas.',
  'portal.entratest.caption': 'Datamodellens attribut',
  'portal.entratest.col.attribute': 'Attribut',
  'portal.entratest.col.status': 'Status',
  'portal.entratest.col.values': 'Värden',
  'portal.entratest.col.rules': 'Orsak och regel',
  'portal.entratest.status.ok': 'OK',
  'portal.entratest.status.empty': 'Tomt',
  'portal.entratest.status.error': 'Fel',
  'portal.entratest.select': 'Egenskaper som hämtades från Graph',
  'portal.entratest.graphError': 'Microsoft Graph returnerade inte användarens uppgifter',
  'portal.entratest.technical': 'Microsofts svar',
  'portal.entratest.fix.credentials':
    'Kontrollera integrationens tenant-id, applikationens (client) id och client secret; en utgången eller fel hemlighet ska bytas.',
  'portal.entratest.fix.permission':
    'Ge appregistreringen applikationsbehörigheten User.Read.All med administratörsgodkännande (admin consent).',
  'portal.entratest.fix.property':
    'Rätta attributnamnet i integrationens attributmappning; namnen är skiftlägeskänsliga och tilläggsattribut måste vara registrerade i tenanten.',
  'portal.entratest.fix.user': 'Användaren finns inte i tenanten. Kontrollera id:t.',
  'portal.entratest.fix.unavailable': 'Microsoft svarar inte just nu. Försök igen om en stund.',
  'portal.entratest.fix.other': 'Kontrollera integrationens inställningar utifrån Microsofts svar.',
};

export const en: Record<keyof typeof fi, string> = {
  'portal.entratest.title': 'Test attributes of an Entra ID user',
  'portal.entratest.intro':
    'Passi fetches the user’s data from Microsoft Graph with the integration’s own app registration, without a login, and processes it as a login would. Nothing is stored.',
  'portal.entratest.userId': 'User’s object id or user principal name (UPN)',
  'portal.entratest.userIdHint': 'For example pupil@school.fi or the object id in Entra ID.',
  'portal.entratest.userIdMissing': 'Enter the user’s object id or user principal name.',
  'portal.entratest.userIdInvalid': 'The id may not contain spaces or the characters / \\ ?.',
  'portal.entratest.submit': 'Fetch attributes',
  'portal.entratest.errorSummary': 'Please correct the following:',
  'portal.entratest.notEntra': 'The attribute test works for Entra ID integrations only.',
  'portal.entratest.back': 'Back to testing the integration',
  'portal.entratest.resultTitle': 'Result',
  'portal.entratest.blocked':
    'This user’s login would be refused: the unique id or the learner id is missing or invalid.',
  'portal.entratest.passes': 'This user’s login would succeed.',
  'portal.entratest.caption': 'Data-model attributes',
  'portal.entratest.col.attribute': 'Attribute',
  'portal.entratest.col.status': 'Status',
  'portal.entratest.col.values': 'Values',
  'portal.entratest.col.rules': 'Reason and rule',
  'portal.entratest.status.ok': 'OK',
  'portal.entratest.status.empty': 'Empty',
  'portal.entratest.status.error': 'Error',
  'portal.entratest.select': 'Properties fetched from Graph',
  'portal.entratest.graphError': 'Microsoft Graph did not return the user’s data',
  'portal.entratest.technical': 'Microsoft’s answer',
  'portal.entratest.fix.credentials':
    'Check the integration’s tenant id, application (client) id and client secret; an expired or wrong secret must be replaced.',
  'portal.entratest.fix.permission':
    'Grant the app registration the User.Read.All application permission with admin consent.',
  'portal.entratest.fix.property':
    'Correct the attribute name in the integration’s attribute mapping; names are case-sensitive and extension attributes must be registered in the tenant.',
  'portal.entratest.fix.user': 'The user is not in the tenant. Check the id.',
  'portal.entratest.fix.unavailable': 'Microsoft is not answering right now. Try again in a moment.',
  'portal.entratest.fix.other': 'Check the integration’s settings against Microsoft’s answer.',
};
