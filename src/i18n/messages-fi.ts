/**
 * Finnish is the source catalogue: its keys define `Messages`, and the Swedish and English catalogues are
 * typed against it, so a missing translation fails the type-check.
 */
export const fi = {
  'lang.name': 'Suomi',
  'lang.switch': 'Kieli',
  'layout.skip': 'Siirry sisältöön',
  'layout.product': 'Passi – kirjautuminen oppimispalveluihin',
  'layout.schoolProduct': 'Koulun kirjautumispalvelu (Passin testihakemisto)',
  'layout.footer': 'Passi välittää koulusi tunnukset oppimispalveluihin.',
  'error.title': 'Kirjautuminen ei onnistunut',
  'error.id': 'Virhetunniste',
  'error.idHelp': 'Kerro tämä tunniste koulusi tukihenkilölle, jos ongelma toistuu.',
  'error.startAgain': 'Aloita kirjautuminen alusta',
  'error.back': 'Palaa palveluun ja yritä uudelleen.',
  'error.generic': 'Tapahtui odottamaton virhe.',
  'error.notFound': 'Sivua ei löytynyt.',
  'error.flowMissing':
    'Kirjautumisesi on vanhentunut tai se on jo käytetty. Aloita kirjautuminen uudelleen palvelusta.',
  'error.request': 'Palvelun lähettämä kirjautumispyyntö on virheellinen.',
  'error.formToken':
    'Lomaketta ei lähetetty tältä kirjautumissivulta, joten sitä ei hyväksytty. Palaa palveluun ja aloita kirjautuminen uudelleen.',
  'error.serviceUnknown': 'Palvelua, josta tulit, ei ole rekisteröity Passiin.',
  'error.acs': 'Palvelun pyytämää paluuosoitetta ei ole rekisteröity. Vastausta ei lähetetty.',
  'error.signature': 'Kirjautumispyynnön allekirjoitus puuttuu tai on virheellinen.',
  'error.integration': 'Valittu koulu ei voi kirjautua tähän palveluun.',
  'error.blocked':
    'Kirjautuminen estettiin, koska koulusi käyttäjätiedoista puuttuu pakollinen tieto (esimerkiksi oppijanumero).',
  'error.upstream': 'Koulusi kirjautumispalvelu palautti virheen.',
  'error.cancelled': 'Kirjautuminen peruttiin.',
  'error.logoutReturn': 'Uloskirjautumisen paluuosoite ei ole sallittu.',
  'error.unavailable': 'Palvelu ei ole juuri nyt käytettävissä. Yritä hetken kuluttua uudelleen.',
  'error.schoolMetadata':
    'Passilla ei ole juuri nyt voimassa olevia tietoja koulusi kirjautumispalvelusta, joten kirjautuminen ei onnistu. Yritä hetken kuluttua uudelleen; jos virhe toistuu, kerro virhetunnus koulusi tukeen.',
  'error.upstreamAnswer':
    'Koulusi kirjautumispalvelun vastausta ei voitu hyväksyä. Aloita kirjautuminen uudelleen palvelusta.',
  'error.rateLimited':
    'Verkostasi on tullut liian monta pyyntöä lyhyessä ajassa. Odota minuutti ja yritä uudelleen.',
  'post.continue': 'Jatka',
  'post.noscript': 'Selaimesi ei suorita JavaScriptiä. Jatka painamalla painiketta.',
  'td.title': 'Testihakemisto: kirjaudu sisään',
  'td.intro':
    'Tämä on Passin sisäänrakennettu testihakemisto, jossa on MPASSidin julkiset testitunnukset (esim. demo_u0001, salasana demo_u0001pwd). Älä käytä oikeita tunnuksia.',
  'td.username': 'Käyttäjätunnus',
  'td.password': 'Salasana',
  'td.submit': 'Kirjaudu',
  'td.badCredentials': 'Käyttäjätunnus tai salasana on väärin.',
  'td.cancel': 'Peruuta kirjautuminen',
  'ts.title': 'Käyttäjätietojen testipalvelu',
  'ts.intro':
    'Tällä sivulla koulun IT-tuki voi tarkistaa, mitä tietoja kirjautuminen välittää palveluille, ennen kuin integraatio otetaan käyttöön.',
  'ts.flow': 'Integraation tunniste (flowName, valinnainen)',
  'ts.flowHelp': 'Jos annat tunnisteen, koulun valinta ohitetaan.',
  'ts.loginSaml': 'Kirjaudu (SAML)',
  'ts.loginOidc': 'Kirjaudu (OpenID Connect)',
  'ts.result': 'Välitetyt tiedot',
  'ts.attribute': 'Tieto',
  'ts.name': 'Nimi',
  'ts.values': 'Arvot',
  'ts.status': 'Tila',
  'ts.ok': 'OK',
  'ts.empty': 'Tyhjä',
  'ts.error': 'Virhe',
  'ts.raw': 'Koulun lähettämät tiedot',
  'ts.rawMissing': 'Koulun lähettämiä tietoja ei ole enää saatavilla (ne säilytetään 15 minuuttia).',
  'ts.problems': 'Tietomallin säännöt',
  'ts.noProblems': 'Ei huomautettavaa.',
  'ts.report': 'Tekninen raportti (kopioi tukipyyntöön)',
  'ts.copy': 'Kopioi raportti',
  'ts.copied': 'Raportti on kopioitu leikepöydälle.',
  'ts.copyFailed':
    'Kopiointi ei onnistunut. Raportti on valittuna: kopioi se näppäinyhdistelmällä Ctrl+C (Macissa Cmd+C).',
  'ts.failed': 'Kirjautuminen epäonnistui',
  'ts.rejected': 'Passin vastausta ei voitu hyväksyä. Kirjaudu uudelleen.',
  'ts.notStarted':
    'Tätä testikirjautumista ei aloitettu tässä selaimessa, tai se on vanhentunut tai jo käytetty. Kirjaudu uudelleen.',
  'ts.refused': 'Passi vastasi virheellä:',
  'ts.again': 'Kirjaudu uudelleen',
  'logout.title': 'Olet kirjautunut ulos',
  'logout.body': 'Passi-istuntosi on päättynyt. Sulje selain, jos käytät yhteistä laitetta.',
  'discovery.title': 'Valitse koulusi',
  'discovery.service': 'Olet kirjautumassa palveluun',
  'discovery.help':
    'Valitse koulu, jonka tunnuksilla kirjaudut. Siirryt sen jälkeen koulusi omalle kirjautumissivulle.',
  'discovery.searchLabel': 'Hae koulun nimellä, kunnalla tai koulukoodilla',
  'discovery.searchHint': 'Kirjoita muutama kirjain, esimerkiksi koulusi nimen alku.',
  'discovery.searchButton': 'Hae',
  'discovery.recent': 'Viimeksi valitsemasi',
  'discovery.recentTag': 'viimeksi valittu',
  'discovery.forget': 'Unohda valintani',
  'discovery.forgetHelp': 'Valintasi muistetaan vain tässä selaimessa.',
  'discovery.all': 'Kaikki koulut',
  'discovery.results': 'Hakutulokset',
  'discovery.providers': 'Koulutuksen järjestäjät',
  'discovery.found': 'Löytyi {n} koulua.',
  'discovery.foundOne': 'Löytyi 1 koulu.',
  'discovery.foundNone': 'Kouluja ei löytynyt. Tarkista kirjoitusasu tai hae kunnan nimellä.',
  'discovery.truncated': 'Näytetään {shown} parasta. Tarkenna hakua kirjoittamalla lisää.',
  'discovery.many':
    'Tähän palveluun voi kirjautua {n} koulusta. Hae kouluasi tai valitse koulutuksen järjestäjä.',
  'discovery.none': 'Yksikään koulu ei voi kirjautua tähän palveluun. Ota yhteyttä palvelun ylläpitäjään.',
  'discovery.logoAlt': 'Palvelun logo',
} as const;

export type MessageKey = keyof typeof fi;
export type Messages = Record<MessageKey, string>;
