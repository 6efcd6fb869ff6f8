/**
 * Sign-in through an external OpenID provider (docs/portal.md "Sign-in with an external provider").
 * Finnish is the source; Swedish and English are typed against it.
 */
export const fi = {
  'portal.external.signInWith': 'Kirjaudu sisään:',
  'portal.external.or': 'tai kirjaudu sähköpostiosoitteella ja salasanalla:',
  'portal.external.refused.title': 'Kirjautuminen ei onnistunut',
  'portal.external.refused.text':
    'Kirjautumista ei voitu yhdistää hallintapalvelun tiliin. Tunnistuspalvelun pitää antaa vahvistettu sähköpostiosoite, jolla sinulla on käyttöönotettu tili. Jos sinut on kutsuttu, ota tili ensin käyttöön kutsusähköpostin linkillä.',
  'portal.external.back': 'Takaisin kirjautumiseen',
  'portal.external.code.title': 'Vahvista kirjautuminen',
  'portal.external.code.intro':
    'Tunnistautuminen onnistui. Anna vielä todennussovelluksen koodi tai yksi varakoodeistasi.',
  'portal.external.code.submit': 'Kirjaudu sisään',
  'portal.external.done.title': 'Olet kirjautunut sisään',
  'portal.external.done.continue': 'Jatka hallintapalveluun',
};

export const sv: Record<keyof typeof fi, string> = {
  'portal.external.signInWith': 'Logga in med',
  'portal.external.or': 'eller logga in med e-postadress och lösenord:',
  'portal.external.refused.title': 'Inloggningen misslyckades',
  'portal.external.refused.text':
    'Inloggningen kunde inte kopplas till ett konto i administrationstjänsten. Identifieringstjänsten ska ge en verifierad e-postadress som du har ett ibruktaget konto med. Om du har blivit inbjuden, ta först kontot i bruk med länken i inbjudan.',
  'portal.external.back': 'Tillbaka till inloggningen',
  'portal.external.code.title': 'Bekräfta inloggningen',
  'portal.external.code.intro':
    'Identifieringen lyckades. Ange ännu koden från autentiseringsappen eller en av dina reservkoder.',
  'portal.external.code.submit': 'Logga in',
  'portal.external.done.title': 'Du är inloggad',
  'portal.external.done.continue': 'Fortsätt till administrationstjänsten',
};

export const en: Record<keyof typeof fi, string> = {
  'portal.external.signInWith': 'Sign in with',
  'portal.external.or': 'or sign in with your e-mail address and password:',
  'portal.external.refused.title': 'Sign-in did not succeed',
  'portal.external.refused.text':
    'The sign-in could not be matched to a management portal account. The identity provider must give a verified e-mail address of an account you have set up. If you were invited, first set up your account with the link in the invitation e-mail.',
  'portal.external.back': 'Back to sign-in',
  'portal.external.code.title': 'Confirm your sign-in',
  'portal.external.code.intro':
    'You were identified. Now enter the code from your authenticator app or one of your recovery codes.',
  'portal.external.code.submit': 'Sign in',
  'portal.external.done.title': 'You are signed in',
  'portal.external.done.continue': 'Continue to the management portal',
};
