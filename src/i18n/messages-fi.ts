/**
 * Finnish is the source catalogue: its keys define `Messages`, and the Swedish and English catalogues are
 * typed against it, so a missing translation fails the type-check (issue 7 §5).
 */
export const fi = {
  'lang.name': 'Suomi',
  'lang.switch': 'Kieli',
  'layout.skip': 'Siirry sisältöön',
  'layout.product': 'Passi – kirjautuminen oppimispalveluihin',
  'layout.footer': 'Passi välittää koulusi tunnukset oppimispalveluihin.',
  'error.title': 'Kirjautuminen ei onnistunut',
  'error.id': 'Virhetunniste',
  'error.idHelp': 'Kerro tämä tunniste koulusi tukihenkilölle, jos ongelma toistuu.',
  'error.startAgain': 'Aloita kirjautuminen alusta',
  'error.back': 'Palaa palveluun ja yritä uudelleen.',
  'error.generic': 'Tapahtui odottamaton virhe.',
  'error.notFound': 'Sivua ei löytynyt.',
  'error.flowMissing': 'Kirjautumisesi on vanhentunut tai se on jo käytetty. Aloita kirjautuminen uudelleen palvelusta.',
  'error.request': 'Palvelun lähettämä kirjautumispyyntö on virheellinen.',
  'error.serviceUnknown': 'Palvelua, josta tulit, ei ole rekisteröity Passiin.',
  'error.acs': 'Palvelun pyytämää paluuosoitetta ei ole rekisteröity. Vastausta ei lähetetty.',
  'error.signature': 'Kirjautumispyynnön allekirjoitus puuttuu tai on virheellinen.',
  'error.integration': 'Valittu koulu ei voi kirjautua tähän palveluun.',
  'error.blocked': 'Kirjautuminen estettiin, koska koulusi käyttäjätiedoista puuttuu pakollinen tieto (esimerkiksi oppijanumero).',
  'error.upstream': 'Koulusi kirjautumispalvelu palautti virheen.',
  'error.cancelled': 'Kirjautuminen peruttiin.',
  'error.logoutReturn': 'Uloskirjautumisen paluuosoite ei ole sallittu.',
  'error.unavailable': 'Palvelu ei ole juuri nyt käytettävissä. Yritä hetken kuluttua uudelleen.',
  'post.continue': 'Jatka',
  'post.noscript': 'Selaimesi ei suorita JavaScriptiä. Jatka painamalla painiketta.',
  'logout.title': 'Olet kirjautunut ulos',
  'logout.body': 'Passi-istuntosi on päättynyt. Sulje selain, jos käytät yhteistä laitetta.',
} as const;

export type MessageKey = keyof typeof fi;
export type Messages = Record<MessageKey, string>;
