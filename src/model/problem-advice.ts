import type { LocalisedText } from '../core/language.ts';
import type { ProblemCode } from './problem-codes.ts';

/**
 * What school IT should fix in their registry when a data-model rule fires (docs/data-model.md, the
 * missing-data policy): shown in the data-quality view next to each problem. One entry per problem code;
 * the compiler refuses a code without advice.
 */
export const PROBLEM_ADVICE: Record<ProblemCode, LocalisedText> = {
  UID_MISSING: {
    fi: 'Käyttäjältä puuttuu yksilöivä tunniste. Tarkista, että rekisteri luovuttaa tunnisteen (esim. objectGUID tai Wilman käyttäjätunniste) kaikille käyttäjille.',
    sv: 'Användaren saknar en unik identifierare. Kontrollera att registret lämnar ut identifieraren (t.ex. objectGUID eller Wilmas användar-id) för alla användare.',
    en: 'The user has no unique id. Check that the registry releases the id (e.g. objectGUID or the Wilma user id) for every user.',
  },
  LEARNER_ID_MISSING: {
    fi: 'Oppijanumero puuttuu. Lisää oppijanumero käyttäjän tietoihin (esim. Wilman oppijanumerokenttä tai Entra ID:n laajennusattribuutti) ja varmista, että se luovutetaan.',
    sv: 'Elevnumret saknas. Lägg till elevnumret i användarens uppgifter (t.ex. Wilmas fält eller ett tilläggsattribut i Entra ID) och se till att det lämnas ut.',
    en: 'The learner id is missing. Add the learner id to the user (e.g. the Wilma field or an Entra ID extension attribute) and make sure it is released.',
  },
  LEARNER_ID_INVALID: {
    fi: 'Oppijanumero on virheellinen (väärä muoto tai tarkiste). Korjaa se Opintopolun oppijanumeron mukaiseksi (1.2.246.562.24.…).',
    sv: 'Elevnumret är felaktigt (fel form eller kontrollsiffra). Rätta det enligt elevnumret i Studieinfo (1.2.246.562.24.…).',
    en: 'The learner id is invalid (wrong form or check digit). Correct it to the learner id in Opintopolku (1.2.246.562.24.…).',
  },
  LEARNER_ID_TEST_NOT_ALLOWED: {
    fi: 'Käyttäjällä on testioppijanumero (1.2.246.562.98.…), jota tuotantopalvelu ei hyväksy. Käytä oikeaa oppijanumeroa tai testipalvelua.',
    sv: 'Användaren har ett testelevnummer (1.2.246.562.98.…) som produktionstjänsten inte godtar. Använd ett riktigt elevnummer eller en testtjänst.',
    en: 'The user has a test learner id (1.2.246.562.98.…) which a production service does not accept. Use a real learner id or a test service.',
  },
  FIRST_NAME_MISSING: {
    fi: 'Etunimi puuttuu. Täytä etunimikenttä rekisterissä.',
    sv: 'Förnamnet saknas. Fyll i förnamnsfältet i registret.',
    en: 'The given name is missing. Fill in the given-name field in the registry.',
  },
  SURNAME_MISSING: {
    fi: 'Sukunimi puuttuu. Täytä sukunimikenttä rekisterissä.',
    sv: 'Efternamnet saknas. Fyll i efternamnsfältet i registret.',
    en: 'The surname is missing. Fill in the surname field in the registry.',
  },
  SCHOOL_MISSING: {
    fi: 'Koulukoodi puuttuu, joten koulu-, rooli- ja koulutuksen järjestäjän tiedot jäävät pois. Lisää käyttäjälle koulun viisinumeroinen oppilaitostunnus.',
    sv: 'Skolkoden saknas, så uppgifterna om skola, roll och utbildningsanordnare utelämnas. Lägg till skolans femsiffriga läroanstaltskod.',
    en: 'The school code is missing, so school, role and education provider data are left out. Add the school’s five-digit institution code.',
  },
  SCHOOL_ID_MALFORMED: {
    fi: 'Koulun tunniste ei ole viisinumeroinen oppilaitostunnus eikä OID. Korjaa arvo (esim. ylimääräiset merkit tai koulun nimi koodin paikalla).',
    sv: 'Skolans identifierare är varken en femsiffrig läroanstaltskod eller ett OID. Rätta värdet (t.ex. extra tecken eller skolans namn i stället för koden).',
    en: 'The school id is neither a five-digit institution code nor an OID. Correct the value (e.g. extra characters or the school’s name in place of its code).',
  },
  SCHOOL_UNRESOLVED: {
    fi: 'Koulukoodia ei löydy Opetushallituksen organisaatiotiedoista. Tarkista koodi (kirjoitusvirhe, vanha koodi) tai pyydä koulun lisäämistä organisaatiopalveluun.',
    sv: 'Skolkoden finns inte i Utbildningsstyrelsens organisationsuppgifter. Kontrollera koden (skrivfel, gammal kod) eller be att skolan läggs till i organisationstjänsten.',
    en: 'The school code is not in the Finnish National Agency for Education’s organisation data. Check the code (typo, old code) or have the school added to the organisation service.',
  },
  SCHOOL_INACTIVE: {
    fi: 'Koulu on lakkautettu organisaatiotiedoissa. Päivitä käyttäjälle nykyinen koulu.',
    sv: 'Skolan är nedlagd enligt organisationsuppgifterna. Uppdatera användarens nuvarande skola.',
    en: 'The school is closed in the organisation data. Update the user to their current school.',
  },
  SCHOOL_NOT_ALLOWED: {
    fi: 'Koulu kuuluu toiselle koulutuksen järjestäjälle, eikä sen tietoja luovuteta tämän liitoksen kautta. Poista vieras koulu käyttäjän tiedoista tai pyydä operaattoria lisäämään se liitokselle.',
    sv: 'Skolan hör till en annan utbildningsanordnare och dess uppgifter lämnas inte ut via denna anslutning. Ta bort den främmande skolan eller be operatören lägga till den.',
    en: 'The school belongs to another education provider and is not released through this integration. Remove the foreign school from the user or ask the operator to allow it.',
  },
  EDUCATION_PROVIDER_UNRESOLVED: {
    fi: 'Koululle ei löydy koulutuksen järjestäjää organisaatiotiedoista. Ilmoita asiasta Opetushallituksen organisaatiopalveluun.',
    sv: 'Ingen utbildningsanordnare hittas för skolan i organisationsuppgifterna. Anmäl saken till Utbildningsstyrelsens organisationstjänst.',
    en: 'No education provider is found for the school in the organisation data. Report it to the organisation service of the Finnish National Agency for Education.',
  },
  ROLE_MISSING: {
    fi: 'Rooli puuttuu (kokonaan tai yhdeltä koululta). Lisää käyttäjälle rooli jokaiseen kouluun (esim. Oppilas, Opettaja).',
    sv: 'Rollen saknas (helt eller för en skola). Lägg till en roll för varje skola (t.ex. Elev, Lärare).',
    en: 'The role is missing (entirely or for one school). Give the user a role for every school (e.g. pupil, teacher).',
  },
  ROLE_UNKNOWN: {
    fi: 'Rooli ei ole MPASSid-roolilistalla, joten koulun tiedot jäävät pois. Käytä jotakin sallituista rooleista (Oppilas, Opettaja, Hallintohenkilö, Koulusihteeri, Sijaisopettaja, Rehtori).',
    sv: 'Rollen finns inte på MPASSid:s rollista, så skolans uppgifter utelämnas. Använd en tillåten roll (elev, lärare, administrativ personal, skolsekreterare, lärarvikarie, rektor).',
    en: 'The role is not on the MPASSid role list, so that school’s data are left out. Use one of the allowed roles (pupil, teacher, administrative staff, school secretary, substitute teacher, principal).',
  },
  MULTIVALUE_MISMATCH: {
    fi: 'Koulujen, roolien ja luokkien määrät eivät vastaa toisiaan. Anna jokaiselle koululle oma rooli (ja luokka) samassa järjestyksessä, tai yksi rooli kaikille kouluille.',
    sv: 'Antalet skolor, roller och klasser stämmer inte överens. Ge varje skola en egen roll (och klass) i samma ordning, eller en roll för alla skolor.',
    en: 'The numbers of schools, roles and classes do not match. Give every school its own role (and class) in the same order, or one role for all schools.',
  },
  CHARGE_COUNT_MISMATCH: {
    fi: 'Oppimateriaalimaksullisuuden arvoja on eri määrä kuin kouluja. Anna yksi arvo tai yksi arvo kutakin koulua kohden.',
    sv: 'Antalet värden för läromedelsavgift skiljer sig från antalet skolor. Ange ett värde eller ett värde per skola.',
    en: 'The number of learning-materials charge values differs from the number of schools. Give one value, or one per school.',
  },
  CHARGE_INVALID: {
    fi: 'Oppimateriaalimaksullisuuden arvo ei ole 0 tai 1. Korjaa arvo (0 = maksuton, 1 = maksullinen).',
    sv: 'Värdet för läromedelsavgift är inte 0 eller 1. Rätta värdet (0 = avgiftsfri, 1 = avgiftsbelagd).',
    en: 'The learning-materials charge is not 0 or 1. Correct it (0 = free, 1 = paid).',
  },
  CLASS_LEVEL_INVALID: {
    fi: 'Luokka-aste ei ole kokonaisluku. Korjaa luokka-aste muotoon 1–13 (ei esim. ”9A”).',
    sv: 'Årskursen är inte ett heltal. Rätta årskursen till 1–13 (inte t.ex. ”9A”).',
    en: 'The class level is not an integer. Correct it to 1–13 (not e.g. “9A”).',
  },
  MULTIPLE_VALUES: {
    fi: 'Yksiarvoisella kentällä on useita eri arvoja; ensimmäistä käytetään. Poista ylimääräiset arvot.',
    sv: 'Ett envärt fält har flera olika värden; det första används. Ta bort de extra värdena.',
    en: 'A single-valued field has several different values; the first is used. Remove the extra values.',
  },
  VALUE_TOO_LONG: {
    fi: 'Arvo on pidempi kuin sallittu. Lyhennä arvoa rekisterissä.',
    sv: 'Värdet är längre än tillåtet. Förkorta värdet i registret.',
    en: 'A value is longer than allowed. Shorten it in the registry.',
  },
  TOO_MANY_VALUES: {
    fi: 'Kentällä on enemmän arvoja kuin sallitaan. Poista ylimääräiset arvot.',
    sv: 'Fältet har fler värden än tillåtet. Ta bort de extra värdena.',
    en: 'A field has more values than allowed. Remove the extra values.',
  },
  CONTROL_CHARACTERS_REMOVED: {
    fi: 'Arvossa oli ohjausmerkkejä, jotka poistettiin. Korjaa arvo rekisterissä (usein kopioinnista jäänyt merkki).',
    sv: 'Värdet innehöll styrtecken som togs bort. Rätta värdet i registret (ofta ett tecken kvar efter kopiering).',
    en: 'A value held control characters, which were removed. Correct it in the registry (often a leftover from copying).',
  },
  SEPARATOR_IN_VALUE: {
    fi: 'Arvossa on puolipiste (;), jota MPASSid käyttää erottimena. Poista puolipiste arvosta (esim. luokan nimestä).',
    sv: 'Värdet innehåller semikolon (;), som MPASSid använder som avgränsare. Ta bort semikolonet (t.ex. ur klassens namn).',
    en: 'A value contains a semicolon (;), which MPASSid uses as a separator. Remove it (e.g. from the class name).',
  },
};
