/**
 * "Test the connection" and "Going to production" for integrations (docs/portal.md "Test login and
 * production"). Finnish is the source; the Swedish and English objects are typed against it, so a missing
 * translation fails the type-check.
 */
export const fi = {
  'portal.itest.pageTitle': 'Integraation testaus ja tuotantoon vienti',
  'portal.itest.integration': 'Integraatio',
  'portal.itest.phase': 'Ympäristö',
  'portal.itest.phase.test': 'testi',
  'portal.itest.phase.production': 'tuotanto',
  'portal.itest.phase.preproduction': 'esituotanto',
  'portal.itest.status': 'Tila',
  'portal.itest.status.active': 'käytössä',
  'portal.itest.status.inactive': 'pois käytöstä',
  'portal.itest.status.pending': 'odottaa ylläpidon hyväksyntää',
  'portal.itest.title': 'Testaa yhteys',
  'portal.itest.intro':
    'Testikirjautuminen kirjautuu tämän integraation kautta käyttäjätietojen testipalveluun. Tulos tallennetaan integraatiolle: kuka, milloin, hyväksytty vai hylätty ja ongelmat. Käyttäjän tietoja ei tallenneta.',
  'portal.itest.passRule':
    'Testi on hyväksytty, kun kirjautuminen onnistuu, mikään tieto ei ole virheellinen ja pakolliset tiedot (uid, oppijanumero, oppilaitos, rooli ja koulutuksen järjestäjä) ovat kunnossa.',
  'portal.itest.protocol': 'Protokolla',
  'portal.itest.start': 'Testikirjautuminen',
  'portal.itest.notTestable':
    'Vain käytössä olevaa testi-integraatiota voi testata testipalvelulla: tuotantointegraatiot eivät palvele testipalveluja.',
  'portal.itest.results': 'Viimeisimmät testikirjautumiset',
  'portal.itest.noResults': 'Integraatiolla ei ole vielä testikirjautumisia.',
  'portal.itest.col.at': 'Aika',
  'portal.itest.col.who': 'Kuka',
  'portal.itest.col.result': 'Tulos',
  'portal.itest.col.problems': 'Ongelmat',
  'portal.itest.passed': 'Hyväksytty',
  'portal.itest.failed': 'Hylätty',
  'portal.itest.noProblems': 'Ei ongelmia',
  'portal.itest.attr.empty': 'puuttuu',
  'portal.itest.attr.error': 'virhe',
  'portal.itest.refusedBy': 'Passi hylkäsi kirjautumisen',
  'portal.itest.savedPassed': 'Tulos tallennettiin integraatiolle: testi hyväksytty.',
  'portal.itest.savedFailed': 'Tulos tallennettiin integraatiolle: testi hylätty.',
  'portal.itest.notSaved':
    'Tulosta ei tallennettu: testikirjautumista ei aloitettu hallintapalvelusta tässä selaimessa samalla henkilöllä ja integraatiolla, tai se on jo käytetty tai vanhentunut.',
  'portal.itest.backToIntegration': 'Takaisin integraation sivulle',
  'portal.itest.prod.title': 'Tuotantoon vienti',
  'portal.itest.prod.intro':
    'Testi-integraatiota ei siirretä tuotantoon. Tuotantoon luodaan uusi integraatio, johon kopioidaan tämän integraation asetukset, salaisuudet, attribuuttien nimet, palvelunvalinnan tiedot ja sallitut palvelut. Tämä testi-integraatio ei muutu.',
  'portal.itest.prod.needsTest':
    'Tuotantointegraation voi luoda, kun integraatiolla on hyväksytty testikirjautuminen viimeisen 30 päivän ajalta.',
  'portal.itest.prod.testFirst': 'Tee ensin testikirjautuminen',
  'portal.itest.prod.flowName': 'Tuotantointegraation nimi kirjautumisvirrassa (flowName, valinnainen)',
  'portal.itest.prod.flowNameHelp':
    'Kirjain alussa; kirjaimet, numerot, _ ja -. Tyhjänä nimi muodostetaan testi-integraation nimestä.',
  'portal.itest.prod.create': 'Luo tuotantointegraatio',
  'portal.itest.prod.created': 'Tuotantointegraatio {id} ({flowName}) luotiin ja on käytössä.',
  'portal.itest.prod.createdPending':
    'Tuotantointegraatio {id} ({flowName}) luotiin. Se otetaan käyttöön, kun Passin ylläpito hyväksyy sen.',
  'portal.itest.prod.errors': 'Tuotantointegraatiota ei luotu:',
  'portal.itest.prod.https':
    'Tuotannossa kaikkien osoitteiden on oltava https-osoitteita. Korjaa testi-integraation osoitteet tai pyydä ylläpitoa luomaan integraatio.',
  'portal.itest.approvals.title': 'Hyväksyntää odottavat tuotantointegraatiot',
  'portal.itest.approvals.intro':
    'Nämä tuotantointegraatiot on luotu testatuista testi-integraatioista. Ne eivät palvele kirjautumisia ennen hyväksyntää.',
  'portal.itest.approvals.none': 'Hyväksyntää odottavia tuotantointegraatioita ei ole.',
  'portal.itest.approvals.caption': 'Odottavat tuotantointegraatiot',
  'portal.itest.approvals.col.integration': 'Integraatio',
  'portal.itest.approvals.col.organisation': 'Organisaatio',
  'portal.itest.approvals.col.from': 'Testi-integraatio',
  'portal.itest.approvals.col.requested': 'Luotu',
  'portal.itest.approvals.col.action': 'Toiminto',
  'portal.itest.approvals.approve': 'Hyväksy integraatio {id}',
  'portal.itest.approvals.approved': 'Integraatio {id} hyväksyttiin ja on nyt käytössä.',
  'portal.itest.approvals.nav': 'Tuotantointegraatiot',
};

type Keys = keyof typeof fi;

export const sv: Record<Keys, string> = {
  'portal.itest.pageTitle': 'Test och produktion av integrationen',
  'portal.itest.integration': 'Integration',
  'portal.itest.phase': 'Miljö',
  'portal.itest.phase.test': 'test',
  'portal.itest.phase.production': 'produktion',
  'portal.itest.phase.preproduction': 'förproduktion',
  'portal.itest.status': 'Status',
  'portal.itest.status.active': 'i bruk',
  'portal.itest.status.inactive': 'ur bruk',
  'portal.itest.status.pending': 'väntar på godkännande av driften',
  'portal.itest.title': 'Testa anslutningen',
  'portal.itest.intro':
    'Testinloggningen loggar in via denna integration till testtjänsten för användaruppgifter. Resultatet sparas med integrationen: vem, när, godkänt eller underkänt och problemen. Användarens uppgifter sparas inte.',
  'portal.itest.passRule':
    'Testet är godkänt när inloggningen lyckas, ingen uppgift är felaktig och de obligatoriska uppgifterna (uid, elevnummer, läroanstalt, roll och utbildningsanordnare) är i ordning.',
  'portal.itest.protocol': 'Protokoll',
  'portal.itest.start': 'Testinloggning',
  'portal.itest.notTestable':
    'Endast en integration i testmiljön som är i bruk kan testas med testtjänsten: produktionsintegrationer betjänar inte testtjänster.',
  'portal.itest.results': 'Senaste testinloggningar',
  'portal.itest.noResults': 'Integrationen har inga testinloggningar ännu.',
  'portal.itest.col.at': 'Tid',
  'portal.itest.col.who': 'Vem',
  'portal.itest.col.result': 'Resultat',
  'portal.itest.col.problems': 'Problem',
  'portal.itest.passed': 'Godkänt',
  'portal.itest.failed': 'Underkänt',
  'portal.itest.noProblems': 'Inga problem',
  'portal.itest.attr.empty': 'saknas',
  'portal.itest.attr.error': 'fel',
  'portal.itest.refusedBy': 'Passi avvisade inloggningen',
  'portal.itest.savedPassed': 'Resultatet sparades med integrationen: testet godkänt.',
  'portal.itest.savedFailed': 'Resultatet sparades med integrationen: testet underkänt.',
  'portal.itest.notSaved':
    'Resultatet sparades inte: testinloggningen startades inte från administrationstjänsten i denna webbläsare av samma person för samma integration, eller den är redan använd eller har gått ut.',
  'portal.itest.backToIntegration': 'Tillbaka till integrationens sida',
  'portal.itest.prod.title': 'Till produktion',
  'portal.itest.prod.intro':
    'En testintegration flyttas inte till produktion. En ny integration skapas för produktion, med denna integrations inställningar, hemligheter, attributnamn, uppgifter för tjänsteval och tillåtna tjänster. Denna testintegration ändras inte.',
  'portal.itest.prod.needsTest':
    'En produktionsintegration kan skapas när integrationen har en godkänd testinloggning från de senaste 30 dagarna.',
  'portal.itest.prod.testFirst': 'Gör först en testinloggning',
  'portal.itest.prod.flowName': 'Produktionsintegrationens namn i inloggningsflödet (flowName, valfritt)',
  'portal.itest.prod.flowNameHelp':
    'En bokstav först; bokstäver, siffror, _ och -. Tomt: namnet bildas av testintegrationens namn.',
  'portal.itest.prod.create': 'Skapa produktionsintegration',
  'portal.itest.prod.created': 'Produktionsintegrationen {id} ({flowName}) skapades och är i bruk.',
  'portal.itest.prod.createdPending':
    'Produktionsintegrationen {id} ({flowName}) skapades. Den tas i bruk när Passis drift godkänner den.',
  'portal.itest.prod.errors': 'Produktionsintegrationen skapades inte:',
  'portal.itest.prod.https':
    'I produktion måste alla adresser vara https-adresser. Rätta testintegrationens adresser eller be driften skapa integrationen.',
  'portal.itest.approvals.title': 'Produktionsintegrationer som väntar på godkännande',
  'portal.itest.approvals.intro':
    'Dessa produktionsintegrationer har skapats från testade testintegrationer. De betjänar inga inloggningar före godkännandet.',
  'portal.itest.approvals.none': 'Inga produktionsintegrationer väntar på godkännande.',
  'portal.itest.approvals.caption': 'Väntande produktionsintegrationer',
  'portal.itest.approvals.col.integration': 'Integration',
  'portal.itest.approvals.col.organisation': 'Organisation',
  'portal.itest.approvals.col.from': 'Testintegration',
  'portal.itest.approvals.col.requested': 'Skapad',
  'portal.itest.approvals.col.action': 'Åtgärd',
  'portal.itest.approvals.approve': 'Godkänn integration {id}',
  'portal.itest.approvals.approved': 'Integrationen {id} godkändes och är nu i bruk.',
  'portal.itest.approvals.nav': 'Produktionsintegrationer',
};

export const en: Record<Keys, string> = {
  'portal.itest.pageTitle': 'Testing the integration and going to production',
  'portal.itest.integration': 'Integration',
  'portal.itest.phase': 'Environment',
  'portal.itest.phase.test': 'test',
  'portal.itest.phase.production': 'production',
  'portal.itest.phase.preproduction': 'pre-production',
  'portal.itest.status': 'Status',
  'portal.itest.status.active': 'active',
  'portal.itest.status.inactive': 'inactive',
  'portal.itest.status.pending': 'waiting for the operator’s approval',
  'portal.itest.title': 'Test the connection',
  'portal.itest.intro':
    'The test login logs in through this integration to the user attribute test service. The result is saved with the integration: who, when, passed or failed, and the problems. No user data is saved.',
  'portal.itest.passRule':
    'The test passes when the login succeeds, no attribute is in error, and the required attributes (uid, learner id, school, role and education provider) are OK.',
  'portal.itest.protocol': 'Protocol',
  'portal.itest.start': 'Test login',
  'portal.itest.notTestable':
    'Only an active test integration can be tried with the test service: production integrations do not serve test services.',
  'portal.itest.results': 'Last test logins',
  'portal.itest.noResults': 'The integration has no test logins yet.',
  'portal.itest.col.at': 'When',
  'portal.itest.col.who': 'Who',
  'portal.itest.col.result': 'Result',
  'portal.itest.col.problems': 'Problems',
  'portal.itest.passed': 'Passed',
  'portal.itest.failed': 'Failed',
  'portal.itest.noProblems': 'No problems',
  'portal.itest.attr.empty': 'missing',
  'portal.itest.attr.error': 'error',
  'portal.itest.refusedBy': 'Passi refused the login',
  'portal.itest.savedPassed': 'The result was saved with the integration: the test passed.',
  'portal.itest.savedFailed': 'The result was saved with the integration: the test failed.',
  'portal.itest.notSaved':
    'The result was not saved: the test login was not started from the portal in this browser by the same person for the same integration, or it was used already or expired.',
  'portal.itest.backToIntegration': 'Back to the integration’s page',
  'portal.itest.prod.title': 'Going to production',
  'portal.itest.prod.intro':
    'A test integration is never moved to production. A new integration is created for production with this integration’s settings, secrets, attribute names, discovery details and allowed services. This test integration does not change.',
  'portal.itest.prod.needsTest':
    'A production integration can be created once the integration has a passed test login from the last 30 days.',
  'portal.itest.prod.testFirst': 'Make a test login first',
  'portal.itest.prod.flowName': 'Flow name of the production integration (flowName, optional)',
  'portal.itest.prod.flowNameHelp':
    'A letter first; letters, digits, _ and -. Left empty, it is made from the test integration’s name.',
  'portal.itest.prod.create': 'Create production integration',
  'portal.itest.prod.created': 'The production integration {id} ({flowName}) was created and is active.',
  'portal.itest.prod.createdPending':
    'The production integration {id} ({flowName}) was created. It becomes active when Passi’s operator approves it.',
  'portal.itest.prod.errors': 'The production integration was not created:',
  'portal.itest.prod.https':
    'In production every address must be an https address. Correct the test integration’s addresses or ask the operator to create the integration.',
  'portal.itest.approvals.title': 'Production integrations waiting for approval',
  'portal.itest.approvals.intro':
    'These production integrations were created from tested test integrations. They serve no logins until approved.',
  'portal.itest.approvals.none': 'No production integrations are waiting for approval.',
  'portal.itest.approvals.caption': 'Waiting production integrations',
  'portal.itest.approvals.col.integration': 'Integration',
  'portal.itest.approvals.col.organisation': 'Organisation',
  'portal.itest.approvals.col.from': 'Test integration',
  'portal.itest.approvals.col.requested': 'Created',
  'portal.itest.approvals.col.action': 'Action',
  'portal.itest.approvals.approve': 'Approve integration {id}',
  'portal.itest.approvals.approved': 'The integration {id} was approved and is now active.',
  'portal.itest.approvals.nav': 'Production integrations',
};
