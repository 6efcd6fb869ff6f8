/**
 * The readiness checklist's texts (docs/portal.md "Readiness checklist"). Finnish is the source; the
 * Swedish and English objects are typed against it, so a missing translation fails the type-check.
 */
export const fi = {
  'portal.readiness.title': 'Valmiuslista: henkilörekisterin tiedot',
  'portal.readiness.intro':
    'Näiden tietojen pitää olla henkilörekisterissänne, jotta palvelut saavat käyttäjästä MPASSid-tietomallin mukaiset tiedot. Kenttien nimet ovat kunkin rekisterityypin oletusnimet; integraatiokohtaisesti niitä voi muuttaa.',
  'portal.readiness.homeLink': 'Valmiuslista: mitä tietoja henkilörekisterissä pitää olla',
  'portal.readiness.used': 'Ilmoittamanne henkilörekisterit',
  'portal.readiness.noneUsed':
    'Organisaatio ei ole ilmoittanut käyttämäänsä henkilörekisteriä. Valitse rekisteri alta.',
  'portal.readiness.choose': 'Henkilörekisteri',
  'portal.readiness.chooseButton': 'Näytä lista',
  'portal.readiness.caption': 'Tarvittavat kentät',
  'portal.readiness.col.field': 'Kenttä rekisterissä',
  'portal.readiness.col.feeds': 'Tietomallin tiedot',
  'portal.readiness.col.use': 'Käyttötarkoitus',
  'portal.readiness.col.need': 'Tarve',
  'portal.readiness.col.missing': 'Jos tieto puuttuu',
  'portal.readiness.doc': 'Integraatio-ohje',
  'portal.readiness.registry.wilma': 'Wilma',
  'portal.readiness.registry.adfs': 'ADFS (Active Directory)',
  'portal.readiness.registry.entra': 'Microsoft Entra ID',
  'portal.readiness.registry.google': 'Google Workspace',
  'portal.readiness.registry.opinsys': 'Opinsys (Puavo)',
  'portal.readiness.registry.saml': 'Muu SAML 2.0 -tunnistuspalvelu',
  'portal.readiness.registry.oidc': 'Muu OpenID Connect -tunnistuspalvelu',
  'portal.readiness.need.required': 'Pakollinen',
  'portal.readiness.need.recommended': 'Suositeltu',
  'portal.readiness.need.optional': 'Valinnainen',
  'portal.readiness.effect.nothing-sent': 'Kirjautuminen estyy: palveluille ei lähetetä mitään.',
  'portal.readiness.effect.login-blocked': 'Kirjautuminen estyy.',
  'portal.readiness.effect.dependents-dropped':
    'Kirjautuminen onnistuu, mutta oppilaitos-, rooli- ja koulutuksen järjestäjän tietoja ei lähetetä.',
  'portal.readiness.effect.left-out': 'Tieto jätetään pois; muut tiedot lähetetään.',
  'portal.readiness.use.username': 'Käyttäjän pysyvä yksilöllinen tunniste, josta muodostetaan uid.',
  'portal.readiness.use.firstName': 'Etunimi.',
  'portal.readiness.use.surname': 'Sukunimi.',
  'portal.readiness.use.nickname': 'Kutsumanimi (tietomalli 1.4).',
  'portal.readiness.use.learnerId': 'Oppijanumero (Opetushallituksen oppijanumerorekisteristä).',
  'portal.readiness.use.schoolIds':
    'Oppilaitosten tunnukset tai organisaatio-OID:t; niistä haetaan oppilaitoksen ja koulutuksen järjestäjän tiedot.',
  'portal.readiness.use.roles': 'Rooli kussakin oppilaitoksessa (esim. Oppilas, Opettaja).',
  'portal.readiness.use.groups': 'Luokat tai ryhmät; ensimmäinen lähetetään luokkana, kaikki roolissa.',
  'portal.readiness.use.groupLevels': 'Luokka-aste kokonaislukuna.',
  'portal.readiness.use.learningMaterialsCharges':
    'Oppimateriaalien maksullisuus oppilaitoksittain (0 maksuton, 1 maksullinen), vain oppilaille.',
};

export const sv: Record<keyof typeof fi, string> = {
  'portal.readiness.title': 'Checklista: uppgifter i personregistret',
  'portal.readiness.intro':
    'De här uppgifterna ska finnas i ert personregister för att tjänsterna ska få uppgifter om användaren enligt MPASSid-datamodellen. Fältnamnen är standardnamnen för respektive registertyp; de kan ändras per integration.',
  'portal.readiness.homeLink': 'Checklista: vilka uppgifter personregistret ska innehålla',
  'portal.readiness.used': 'Personregister ni har uppgett',
  'portal.readiness.noneUsed':
    'Organisationen har inte uppgett vilket personregister den använder. Välj ett register nedan.',
  'portal.readiness.choose': 'Personregister',
  'portal.readiness.chooseButton': 'Visa listan',
  'portal.readiness.caption': 'Fält som behövs',
  'portal.readiness.col.field': 'Fält i registret',
  'portal.readiness.col.feeds': 'Uppgifter i datamodellen',
  'portal.readiness.col.use': 'Används för',
  'portal.readiness.col.need': 'Behov',
  'portal.readiness.col.missing': 'Om uppgiften saknas',
  'portal.readiness.doc': 'Integrationsanvisning',
  'portal.readiness.registry.wilma': 'Wilma',
  'portal.readiness.registry.adfs': 'ADFS (Active Directory)',
  'portal.readiness.registry.entra': 'Microsoft Entra ID',
  'portal.readiness.registry.google': 'Google Workspace',
  'portal.readiness.registry.opinsys': 'Opinsys (Puavo)',
  'portal.readiness.registry.saml': 'Annan SAML 2.0-identifieringstjänst',
  'portal.readiness.registry.oidc': 'Annan OpenID Connect-identifieringstjänst',
  'portal.readiness.need.required': 'Obligatorisk',
  'portal.readiness.need.recommended': 'Rekommenderad',
  'portal.readiness.need.optional': 'Frivillig',
  'portal.readiness.effect.nothing-sent': 'Inloggningen stoppas: ingenting skickas till tjänsterna.',
  'portal.readiness.effect.login-blocked': 'Inloggningen stoppas.',
  'portal.readiness.effect.dependents-dropped':
    'Inloggningen lyckas, men uppgifter om läroanstalt, roll och utbildningsanordnare skickas inte.',
  'portal.readiness.effect.left-out': 'Uppgiften lämnas bort; övriga uppgifter skickas.',
  'portal.readiness.use.username': 'Användarens bestående unika identifierare, som uid bildas av.',
  'portal.readiness.use.firstName': 'Förnamn.',
  'portal.readiness.use.surname': 'Efternamn.',
  'portal.readiness.use.nickname': 'Tilltalsnamn (datamodell 1.4).',
  'portal.readiness.use.learnerId': 'Studentnummer (från Utbildningsstyrelsens studentnummerregister).',
  'portal.readiness.use.schoolIds':
    'Läroanstalternas koder eller organisations-OID:er; uppgifterna om läroanstalt och utbildningsanordnare hämtas med dem.',
  'portal.readiness.use.roles': 'Roll vid varje läroanstalt (t.ex. Oppilas, Opettaja).',
  'portal.readiness.use.groups': 'Klasser eller grupper; den första skickas som klass, alla i rollen.',
  'portal.readiness.use.groupLevels': 'Årskurs som heltal.',
  'portal.readiness.use.learningMaterialsCharges':
    'Avgift för läromedel per läroanstalt (0 avgiftsfritt, 1 avgiftsbelagt), endast för elever.',
};

export const en: Record<keyof typeof fi, string> = {
  'portal.readiness.title': 'Readiness checklist: person registry data',
  'portal.readiness.intro':
    'Your person registry must hold these fields for services to receive the user’s data as the MPASSid data model defines it. The field names are the defaults of each registry type; an integration may change them.',
  'portal.readiness.homeLink': 'Readiness checklist: what your person registry must hold',
  'portal.readiness.used': 'Person registries you told us you use',
  'portal.readiness.noneUsed':
    'The organisation has not said which person registry it uses. Choose a registry below.',
  'portal.readiness.choose': 'Person registry',
  'portal.readiness.chooseButton': 'Show the checklist',
  'portal.readiness.caption': 'Fields needed',
  'portal.readiness.col.field': 'Field in the registry',
  'portal.readiness.col.feeds': 'Data model attributes',
  'portal.readiness.col.use': 'Used for',
  'portal.readiness.col.need': 'Need',
  'portal.readiness.col.missing': 'When it is missing',
  'portal.readiness.doc': 'Integration guide',
  'portal.readiness.registry.wilma': 'Wilma',
  'portal.readiness.registry.adfs': 'ADFS (Active Directory)',
  'portal.readiness.registry.entra': 'Microsoft Entra ID',
  'portal.readiness.registry.google': 'Google Workspace',
  'portal.readiness.registry.opinsys': 'Opinsys (Puavo)',
  'portal.readiness.registry.saml': 'Other SAML 2.0 identity provider',
  'portal.readiness.registry.oidc': 'Other OpenID Connect provider',
  'portal.readiness.need.required': 'Required',
  'portal.readiness.need.recommended': 'Recommended',
  'portal.readiness.need.optional': 'Optional',
  'portal.readiness.effect.nothing-sent': 'The login is blocked: nothing is sent to services.',
  'portal.readiness.effect.login-blocked': 'The login is blocked.',
  'portal.readiness.effect.dependents-dropped':
    'The login succeeds, but no school, role or education provider data is sent.',
  'portal.readiness.effect.left-out': 'Left out; everything else is sent.',
  'portal.readiness.use.username': 'The user’s permanent unique id, from which uid is formed.',
  'portal.readiness.use.firstName': 'Given name.',
  'portal.readiness.use.surname': 'Family name.',
  'portal.readiness.use.nickname': 'Calling name (data model 1.4).',
  'portal.readiness.use.learnerId': 'National learner id (oppijanumero, from the national learner register).',
  'portal.readiness.use.schoolIds':
    'School codes or organisation OIDs; the school and education provider data are looked up by them.',
  'portal.readiness.use.roles': 'The role at each school (e.g. Oppilas, Opettaja).',
  'portal.readiness.use.groups':
    'Classes or groups; the first is sent as the class, all of them in the role.',
  'portal.readiness.use.groupLevels': 'Class level as an integer.',
  'portal.readiness.use.learningMaterialsCharges':
    'Learning materials charge per school (0 free, 1 paid), students only.',
};
