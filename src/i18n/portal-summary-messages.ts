/**
 * The weekly summary mail and its unsubscribe pages (docs/operations.md "Weekly summary"). Finnish is
 * the source; the Swedish and English objects are typed against it, so a missing translation fails the
 * type-check.
 */
export const fi = {
  'portal.summary.switch.homeLink': 'Viikkokooste sähköpostilla',
  'portal.summary.switch.title': 'Viikkokooste',
  'portal.summary.switch.intro':
    'Passi lähettää organisaation teknisille yhteyshenkilöille joka maanantai koosteen edellisen viikon kirjautumisista ja tietojen laatuongelmista. Koosteessa on vain lukumääriä ja koodeja.',
  'portal.summary.switch.on': 'Viikkokooste on käytössä.',
  'portal.summary.switch.off': 'Viikkokooste on poistettu käytöstä koko organisaatiolta.',
  'portal.summary.switch.turnOff': 'Poista viikkokooste käytöstä',
  'portal.summary.switch.turnOn': 'Ota viikkokooste käyttöön',
  'portal.summary.switch.saved': 'Muutos on tallennettu.',
  'portal.summary.switch.unsubscribed': 'Tilauksensa perunneet osoitteet',
  'portal.summary.switch.noneUnsubscribed': 'Kukaan ei ole perunut tilaustaan.',
  'portal.summary.mail.subject': 'Passin viikkokooste',
  'portal.summary.mail.heading': 'Viikkokooste: {organisation}, viikko {week} ({from} – {to})',
  'portal.summary.mail.logins': 'Kirjautumisia yhteensä: {count}',
  'portal.summary.outcome.completed': 'onnistui',
  'portal.summary.outcome.completed:problems': 'onnistui, tiedoissa puutteita',
  'portal.summary.outcome.failed:blocked': 'estyi puuttuvien tai virheellisten tietojen vuoksi',
  'portal.summary.outcome.failed:cancelled': 'keskeytettiin',
  'portal.summary.outcome.failed:school': 'epäonnistui koulun tunnistuspalvelussa',
  'portal.summary.outcome.failed:other': 'epäonnistui muusta syystä',
  'portal.summary.mail.problems': 'Yleisimmät tietojen laatuongelmat',
  'portal.summary.mail.noProblems': 'Tietojen laatuongelmia ei havaittu.',
  'portal.summary.mail.problem':
    '{rank}. {code} – kirjautumisia: {count} ({share} tietomallin tarkistamista); kouluja: {schools}',
  'portal.summary.mail.fix': 'Mitä korjata: {advice}',
  'portal.summary.mail.more': 'Tarkemmat tiedot portaalissa: {link}',
  'portal.summary.mail.why':
    'Saat tämän viestin, koska olet organisaation teknisenä yhteyshenkilönä Passissa. Viestissä on vain lukumääriä ja koodeja, ei henkilötietoja.',
  'portal.summary.mail.unsubscribe': 'Jos et halua näitä viestejä, peru tilaus: {link}',
  'portal.unsubscribe.title': 'Viikkokoosteen tilauksen peruminen',
  'portal.unsubscribe.confirm':
    'Lopetetaanko organisaation {organisation} viikkokoosteen lähettäminen osoitteeseen {email}?',
  'portal.unsubscribe.others': 'Muut yhteyshenkilöt saavat koosteen edelleen.',
  'portal.unsubscribe.button': 'Peru tilaus',
  'portal.unsubscribe.done':
    'Tilaus on peruttu. Osoitteeseen {email} ei enää lähetetä organisaation {organisation} viikkokoostetta.',
  'portal.unsubscribe.invalid':
    'Tämä peruutuslinkki ei kelpaa: se on voinut katketa tai muuttua matkalla. Kopioi koko linkki viestistä ja yritä uudelleen. Tilausta ei muutettu.',
};

export const sv: Record<keyof typeof fi, string> = {
  'portal.summary.switch.homeLink': 'Veckosammandrag per e-post',
  'portal.summary.switch.title': 'Veckosammandrag',
  'portal.summary.switch.intro':
    'Passi skickar varje måndag organisationens tekniska kontaktpersoner ett sammandrag av föregående veckas inloggningar och problem med uppgifternas kvalitet. Sammandraget innehåller bara antal och koder.',
  'portal.summary.switch.on': 'Veckosammandraget är påslaget.',
  'portal.summary.switch.off': 'Veckosammandraget är avstängt för hela organisationen.',
  'portal.summary.switch.turnOff': 'Stäng av veckosammandraget',
  'portal.summary.switch.turnOn': 'Slå på veckosammandraget',
  'portal.summary.switch.saved': 'Ändringen har sparats.',
  'portal.summary.switch.unsubscribed': 'Adresser som har avbeställt',
  'portal.summary.switch.noneUnsubscribed': 'Ingen har avbeställt.',
  'portal.summary.mail.subject': 'Veckosammandrag från Passi',
  'portal.summary.mail.heading': 'Veckosammandrag: {organisation}, vecka {week} ({from} – {to})',
  'portal.summary.mail.logins': 'Inloggningar totalt: {count}',
  'portal.summary.outcome.completed': 'lyckades',
  'portal.summary.outcome.completed:problems': 'lyckades, brister i uppgifterna',
  'portal.summary.outcome.failed:blocked': 'stoppades på grund av saknade eller felaktiga uppgifter',
  'portal.summary.outcome.failed:cancelled': 'avbröts',
  'portal.summary.outcome.failed:school': 'misslyckades i skolans inloggningstjänst',
  'portal.summary.outcome.failed:other': 'misslyckades av annan orsak',
  'portal.summary.mail.problems': 'De vanligaste problemen med uppgifternas kvalitet',
  'portal.summary.mail.noProblems': 'Inga problem med uppgifternas kvalitet upptäcktes.',
  'portal.summary.mail.problem':
    '{rank}. {code} – inloggningar: {count} ({share} av dem som datamodellen kontrollerade); skolor: {schools}',
  'portal.summary.mail.fix': 'Vad ska rättas: {advice}',
  'portal.summary.mail.more': 'Närmare uppgifter i portalen: {link}',
  'portal.summary.mail.why':
    'Du får detta meddelande eftersom du är organisationens tekniska kontaktperson i Passi. Meddelandet innehåller bara antal och koder, inga personuppgifter.',
  'portal.summary.mail.unsubscribe': 'Om du inte vill ha dessa meddelanden, avbeställ dem: {link}',
  'portal.unsubscribe.title': 'Avbeställ veckosammandraget',
  'portal.unsubscribe.confirm': 'Ska veckosammandraget för {organisation} inte längre skickas till {email}?',
  'portal.unsubscribe.others': 'Övriga kontaktpersoner får fortfarande sammandraget.',
  'portal.unsubscribe.button': 'Avbeställ',
  'portal.unsubscribe.done':
    'Beställningen är avslutad. Veckosammandraget för {organisation} skickas inte längre till {email}.',
  'portal.unsubscribe.invalid':
    'Denna avbeställningslänk är inte giltig: den kan ha brutits eller ändrats på vägen. Kopiera hela länken från meddelandet och försök igen. Beställningen ändrades inte.',
};

export const en: Record<keyof typeof fi, string> = {
  'portal.summary.switch.homeLink': 'Weekly summary by e-mail',
  'portal.summary.switch.title': 'Weekly summary',
  'portal.summary.switch.intro':
    'Every Monday Passi sends the organisation’s technical contacts a summary of the week before: logins and data-quality problems. It holds counts and codes only.',
  'portal.summary.switch.on': 'The weekly summary is on.',
  'portal.summary.switch.off': 'The weekly summary is switched off for the whole organisation.',
  'portal.summary.switch.turnOff': 'Switch the weekly summary off',
  'portal.summary.switch.turnOn': 'Switch the weekly summary on',
  'portal.summary.switch.saved': 'The change is saved.',
  'portal.summary.switch.unsubscribed': 'Addresses that unsubscribed',
  'portal.summary.switch.noneUnsubscribed': 'Nobody has unsubscribed.',
  'portal.summary.mail.subject': 'Passi weekly summary',
  'portal.summary.mail.heading': 'Weekly summary: {organisation}, week {week} ({from} – {to})',
  'portal.summary.mail.logins': 'Logins in total: {count}',
  'portal.summary.outcome.completed': 'completed',
  'portal.summary.outcome.completed:problems': 'completed, with gaps in the data',
  'portal.summary.outcome.failed:blocked': 'blocked by missing or invalid data',
  'portal.summary.outcome.failed:cancelled': 'cancelled',
  'portal.summary.outcome.failed:school': "failed at the school's sign-in service",
  'portal.summary.outcome.failed:other': 'failed for another reason',
  'portal.summary.mail.problems': 'Most frequent data-quality problems',
  'portal.summary.mail.noProblems': 'No data-quality problems were found.',
  'portal.summary.mail.problem':
    '{rank}. {code} – logins: {count} ({share} of those the data model checked); schools: {schools}',
  'portal.summary.mail.fix': 'What to fix: {advice}',
  'portal.summary.mail.more': 'Details in the portal: {link}',
  'portal.summary.mail.why':
    'You receive this message as a technical contact of your organisation in Passi. It holds counts and codes only, no personal data.',
  'portal.summary.mail.unsubscribe': 'If you do not want these messages, unsubscribe: {link}',
  'portal.unsubscribe.title': 'Unsubscribe from the weekly summary',
  'portal.unsubscribe.confirm': 'Stop sending the weekly summary of {organisation} to {email}?',
  'portal.unsubscribe.others': 'The other contacts still receive the summary.',
  'portal.unsubscribe.button': 'Unsubscribe',
  'portal.unsubscribe.done':
    'Unsubscribed. The weekly summary of {organisation} is no longer sent to {email}.',
  'portal.unsubscribe.invalid':
    'This unsubscribe link is not valid: it may have been cut or changed on the way. Copy the whole link from the message and try again. Nothing was changed.',
};
