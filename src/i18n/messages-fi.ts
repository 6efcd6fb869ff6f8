import { fi as agreementFi } from './portal-agreement-messages.ts';
import { fi as entraTestFi } from './portal-entra-test-messages.ts';
import { fi as externalSignInFi } from './portal-external-sign-in-messages.ts';
import { fi as healthFi } from './portal-health-messages.ts';
import { fi as historyFi } from './portal-history-messages.ts';
import { fi as insightFi } from './portal-insight-messages.ts';
import { fi as integrationFi } from './portal-integration-messages.ts';
import { fi as integrationTestFi } from './portal-integration-test-messages.ts';
import { fi as joinFi } from './portal-join-messages.ts';
import { fi as organisationFi } from './portal-organisation-messages.ts';
import { fi as readinessFi } from './portal-readiness-messages.ts';
import { fi as serviceAccessFi } from './portal-service-access-messages.ts';
import { fi as servicesFi } from './portal-services-messages.ts';
import { fi as summaryFi } from './portal-summary-messages.ts';
import { fi as uploadFi } from './portal-upload-messages.ts';

/**
 * Finnish is the source catalogue: its keys define `Messages`, and the Swedish and English catalogues are
 * typed against it, so a missing translation fails the type-check.
 */
export const fi = {
  ...organisationFi,
  ...entraTestFi,
  ...readinessFi,
  ...integrationFi,
  ...externalSignInFi,
  ...joinFi,
  ...insightFi,
  ...historyFi,
  ...healthFi,
  ...summaryFi,
  ...integrationTestFi,
  ...servicesFi,
  ...serviceAccessFi,
  ...agreementFi,
  ...uploadFi,
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
  'portal.product': 'Passi-hallintapalvelu',
  'portal.footer':
    'Passin hallintapalvelu koulutuksen järjestäjille, palveluntarjoajille ja operaattoreille.',
  'portal.who.label': 'Kirjautunut käyttäjä',
  'portal.who.organisation': 'Organisaatio',
  'portal.who.role': 'Rooli',
  'portal.signOut': 'Kirjaudu ulos',
  'portal.operatorScope': 'Passi (kaikki organisaatiot)',
  'portal.role.operator': 'Operaattori',
  'portal.role.education-main': 'Koulutuksen järjestäjän pääkäyttäjä',
  'portal.role.education-viewer': 'Koulutuksen järjestäjän katselija',
  'portal.role.service-main': 'Palveluntarjoajan pääkäyttäjä',
  'portal.role.service-viewer': 'Palveluntarjoajan katselija',
  'portal.field.email': 'Sähköpostiosoite',
  'portal.field.password': 'Salasana',
  'portal.field.newPassword': 'Uusi salasana',
  'portal.field.passwordAgain': 'Uusi salasana uudelleen',
  'portal.field.name': 'Nimesi',
  'portal.field.code': 'Vahvistuskoodi',
  'portal.field.totpCode': 'Todennussovelluksen näyttämä koodi',
  'portal.signIn.title': 'Kirjaudu hallintapalveluun',
  'portal.signIn.codeHelp': 'Kuusinumeroinen koodi todennussovelluksesta tai yksi varakoodeistasi.',
  'portal.signIn.submit': 'Kirjaudu',
  'portal.signIn.notice.invalid': 'Sähköpostiosoite, salasana tai koodi on väärin.',
  'portal.signIn.notice.locked':
    'Liian monta epäonnistunutta kirjautumista tälle osoitteelle tai verkostasi. Kirjautuminen on estetty 15 minuutiksi; yritä sen jälkeen uudelleen.',
  'portal.signIn.notice.ended':
    'Istuntosi päättyi (30 minuuttia käyttämättä tai 12 tuntia kirjautumisesta). Kirjaudu uudelleen.',
  'portal.signIn.notice.signedOut': 'Olet kirjautunut ulos.',
  'portal.signIn.notice.accountReady': 'Tunnuksesi on valmis. Kirjaudu sisään.',
  'portal.invitation.title': 'Ota hallintapalvelun tunnus käyttöön',
  'portal.invitation.intro':
    'Sinut ({email}) on kutsuttu organisaation {organisation} rooliin {role}. Valitse salasana ja ota käyttöön todennussovellus.',
  'portal.invitation.fix': 'Korjaa merkityt kohdat ja lähetä lomake uudelleen.',
  'portal.invitation.passwordHelp': 'Vähintään {n} merkkiä. Pitkä salalause on hyvä valinta.',
  'portal.invitation.totpTitle': 'Todennussovellus',
  'portal.invitation.totpHelp':
    'Lisää todennussovellukseen (esimerkiksi puhelimen sovellus) uusi tili alla olevalla avaimella tai linkillä ja kirjoita sovelluksen näyttämä kuusinumeroinen koodi.',
  'portal.invitation.totpKey': 'Avain',
  'portal.invitation.totpLink': 'Avaa todennussovelluksessa (otpauth-linkki)',
  'portal.invitation.submit': 'Ota tunnus käyttöön',
  'portal.invitation.problem.name': 'Kirjoita nimesi (enintään 200 merkkiä).',
  'portal.invitation.problem.password.tooShort': 'Salasana on liian lyhyt.',
  'portal.invitation.problem.password.tooLong': 'Salasana on liian pitkä (enintään 256 merkkiä).',
  'portal.invitation.problem.password.isEmail': 'Salasana ei saa olla sähköpostiosoitteesi.',
  'portal.invitation.problem.password.mismatch': 'Salasanat eivät ole samat.',
  'portal.invitation.problem.code':
    'Koodi ei kelpaa. Tarkista, että lisäsit avaimen oikein ja että laitteesi kello on oikeassa ajassa.',
  'portal.invitation.problem.passkey':
    'Pääsyavaimen luominen ei onnistunut. Yritä uudelleen tai valitse todennussovellus.',
  'portal.invitation.factorLegend': 'Toinen tunnistautumistapa',
  'portal.invitation.factorTotp': 'Todennussovellus (kuusinumeroinen koodi)',
  'portal.invitation.factorPasskey': 'Pääsyavain (tämä laite, turva-avain tai puhelin)',
  'portal.invitation.passkeyHelp':
    'Kun lähetät lomakkeen, selain pyytää luomaan Passille pääsyavaimen. Vahvista se esimerkiksi sormenjäljellä, kasvoilla, PIN-koodilla tai turva-avaimella.',
  'portal.field.passkeyName': 'Pääsyavaimen nimi (esimerkiksi laitteen nimi)',
  'portal.signIn.passkey': 'Käytä pääsyavainta koodin sijaan',
  'portal.signIn.passkeyHelp':
    'Kirjoita ensin sähköpostiosoite ja salasana. Sen jälkeen selain pyytää pääsyavaintasi.',
  'portal.signIn.notice.noPasskey':
    'Tilille ei ole luotu pääsyavainta. Käytä todennussovelluksen koodia tai varakoodia.',
  'portal.passkey.failed': 'Pääsyavainta ei voitu käyttää. Yritä uudelleen tai käytä koodia.',
  'portal.invitation.doneTitle': 'Tunnuksesi on valmis',
  'portal.invitation.recoveryHelp':
    'Nämä varakoodit näytetään vain nyt. Tallenna ne turvalliseen paikkaan: kullakin koodilla voi kirjautua kerran, jos todennussovellus katoaa.',
  'portal.invitation.continue': 'Siirry kirjautumaan',
  'portal.link.title': 'Kutsulinkki ei kelpaa',
  'portal.link.unknown': 'Linkkiä ei tunnisteta. Tarkista, että kopioit koko linkin sähköpostista.',
  'portal.link.expired': 'Linkki on vanhentunut: kutsu on voimassa 72 tuntia.',
  'portal.link.used': 'Linkki on jo käytetty. Jos otit tunnuksen jo käyttöön, kirjaudu sisään.',
  'portal.link.help': 'Pyydä kutsujalta uusi kutsu.',
  'portal.home.title': 'Hallintapalvelu',
  'portal.home.intro':
    'Tämä on Passin hallintapalvelun ensimmäinen osa: kirjautuminen ja kutsut. Organisaatioiden ja integraatioiden hallinta lisätään myöhemmin.',
  'portal.home.recent': 'Viimeisimmät tapahtumat',
  'portal.home.noEvents': 'Ei tapahtumia.',
  'portal.audit.at': 'Aika (UTC)',
  'portal.audit.action': 'Tapahtuma',
  'portal.audit.subject': 'Kohde',
  'portal.error.title': 'Toiminto ei onnistunut',
  'portal.error.back': 'Hallintapalvelun etusivulle',
  'portal.error.generic': 'Tapahtui odottamaton virhe.',
  'portal.error.request': 'Lomakkeen tiedot puuttuivat tai olivat liian pitkiä. Mitään ei tallennettu.',
  'portal.error.formToken':
    'Lomaketta ei lähetetty tältä sivulta, joten sitä ei hyväksytty. Lataa sivu uudelleen ja yritä uudestaan.',
  'portal.error.forbidden': 'Roolisi ei salli tätä toimintoa tälle organisaatiolle. Mitään ei muutettu.',
  'portal.error.rateLimited': 'Liian monta pyyntöä. Odota hetki ja yritä uudelleen.',
  'portal.mail.invite.subject': 'Kutsu Passin hallintapalveluun',
  'portal.mail.invite.body':
    'Sinut on kutsuttu Passin hallintapalveluun rooliin {role}.\n\nOta tunnus käyttöön avaamalla linkki 72 tunnin kuluessa. Linkki toimii kerran:\n{link}\n\nJos et odottanut tätä viestiä, voit jättää sen huomiotta.',
  'portal.nav.tokens': 'API-avaimet',
  'portal.tokens.title': 'Henkilökohtaiset API-avaimet',
  'portal.tokens.intro':
    'API-avaimella ohjelma voi käyttää hallintapalvelun JSON-rajapintaa (/portal/api/v1) sinun nimissäsi, tämän organisaation ja roolin oikeuksin.',
  'portal.tokens.yours': 'Avaimesi',
  'portal.tokens.none': 'Sinulla ei ole API-avaimia.',
  'portal.tokens.name': 'Nimi',
  'portal.tokens.expires': 'Vanhenee',
  'portal.tokens.lastUsed': 'Viimeksi käytetty',
  'portal.tokens.state': 'Tila',
  'portal.tokens.revoke': 'Peru',
  'portal.tokens.revoked': 'Peruttu',
  'portal.tokens.expired': 'Vanhentunut',
  'portal.tokens.revokedNotice': 'Avain on peruttu; se ei enää toimi.',
  'portal.tokens.badInput': 'Anna avaimelle nimi (enintään 100 merkkiä) ja voimassaolo 1–365 päivää.',
  'portal.tokens.create': 'Luo uusi avain',
  'portal.tokens.days': 'Voimassa päivää (1–365)',
  'portal.tokens.createButton': 'Luo avain',
  'portal.tokens.createdOnce': 'Avain ”{name}” on luotu. Kopioi se nyt: sitä ei näytetä uudelleen.',
  'portal.tokens.reauthHelp':
    'Avaimen luominen vaatii tuoreen kirjautumisen. Anna salasanasi ja vahvistuskoodi.',
  'portal.tokens.reauthButton': 'Vahvista',
  'portal.who.switch': 'Vaihda organisaatiota',
  'portal.who.switchButton': 'Vaihda',
} as const;

export type MessageKey = keyof typeof fi;
export type Messages = Record<MessageKey, string>;
