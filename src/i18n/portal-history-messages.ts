/**
 * Texts of the integration and service history (docs/portal.md "History"). Finnish is the source; the
 * Swedish and English objects are typed against it, so a missing translation fails the type-check.
 */
export const fi = {
  'portal.history.title.integration': 'Integraation versiohistoria',
  'portal.history.title.service': 'Palvelun versiohistoria',
  'portal.history.intro':
    'Kaikki muutokset uusimmasta vanhimpaan: kuka muutti, milloin ja mitä. Salaisuuksien arvoja ei näytetä koskaan, vain tieto siitä, että salaisuus vaihtui.',
  'portal.history.caption': 'Versiot',
  'portal.history.col.when': 'Aika',
  'portal.history.col.who': 'Muuttaja',
  'portal.history.col.what': 'Muutos',
  'portal.history.col.changes': 'Muuttuneet tiedot',
  'portal.history.col.restore': 'Palautus',
  'portal.history.action.create': 'Luotu',
  'portal.history.action.update': 'Muutettu',
  'portal.history.action.delete': 'Poistettu',
  'portal.history.current': 'Nykyinen versio',
  'portal.history.secretChanged': 'salaisuus vaihtui',
  'portal.history.noChanges': 'Ei muutoksia tietoihin',
  'portal.history.restore': 'Palauta tämä versio',
  'portal.history.restoreHelp':
    'Palautus tallentaa valitun version tiedot uutena muutoksena. Nykyiset salaisuudet säilyvät.',
  'portal.history.restored': 'Versio palautettiin uutena muutoksena.',
  'portal.history.unchanged': 'Valittu versio on sama kuin nykyinen; mitään ei muutettu.',
  'portal.history.invalid': 'Versiota ei voi palauttaa, koska se ei enää kelpaa:',
  'portal.history.none': 'Muutoksia ei ole kirjattu.',
};

export const sv: Record<keyof typeof fi, string> = {
  'portal.history.title.integration': 'Integrationens versionshistorik',
  'portal.history.title.service': 'Tjänstens versionshistorik',
  'portal.history.intro':
    'Alla ändringar från den nyaste till den äldsta: vem som ändrade, när och vad. Värden på hemligheter visas aldrig, bara att en hemlighet har bytts.',
  'portal.history.caption': 'Versioner',
  'portal.history.col.when': 'Tid',
  'portal.history.col.who': 'Ändrad av',
  'portal.history.col.what': 'Ändring',
  'portal.history.col.changes': 'Ändrade uppgifter',
  'portal.history.col.restore': 'Återställning',
  'portal.history.action.create': 'Skapad',
  'portal.history.action.update': 'Ändrad',
  'portal.history.action.delete': 'Borttagen',
  'portal.history.current': 'Nuvarande version',
  'portal.history.secretChanged': 'hemligheten byttes',
  'portal.history.noChanges': 'Inga ändrade uppgifter',
  'portal.history.restore': 'Återställ den här versionen',
  'portal.history.restoreHelp':
    'Återställningen sparar den valda versionens uppgifter som en ny ändring. De nuvarande hemligheterna behålls.',
  'portal.history.restored': 'Versionen återställdes som en ny ändring.',
  'portal.history.unchanged': 'Den valda versionen är densamma som den nuvarande; inget ändrades.',
  'portal.history.invalid': 'Versionen kan inte återställas eftersom den inte längre är giltig:',
  'portal.history.none': 'Inga ändringar har registrerats.',
};

export const en: Record<keyof typeof fi, string> = {
  'portal.history.title.integration': 'Integration version history',
  'portal.history.title.service': 'Service version history',
  'portal.history.intro':
    'Every change, newest first: who changed what and when. Secret values are never shown, only that a secret changed.',
  'portal.history.caption': 'Versions',
  'portal.history.col.when': 'When',
  'portal.history.col.who': 'Changed by',
  'portal.history.col.what': 'Change',
  'portal.history.col.changes': 'Changed fields',
  'portal.history.col.restore': 'Restore',
  'portal.history.action.create': 'Created',
  'portal.history.action.update': 'Changed',
  'portal.history.action.delete': 'Removed',
  'portal.history.current': 'Current version',
  'portal.history.secretChanged': 'secret changed',
  'portal.history.noChanges': 'No fields changed',
  'portal.history.restore': 'Restore this version',
  'portal.history.restoreHelp':
    'Restoring saves the chosen version’s fields as a new change. The current secrets stay.',
  'portal.history.restored': 'The version was restored as a new change.',
  'portal.history.unchanged': 'The chosen version equals the current one; nothing changed.',
  'portal.history.invalid': 'This version cannot be restored because it no longer validates:',
  'portal.history.none': 'No changes recorded.',
};
