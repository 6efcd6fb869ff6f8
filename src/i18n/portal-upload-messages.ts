/**
 * Texts of the portal's file uploads and the integration form's other settings (docs/portal.md "Logos",
 * "Integrations"). Finnish is the source; the Swedish and English objects are typed against it, so a
 * missing translation fails the type-check.
 */
export const fi = {
  'portal.error.unsupportedMediaType':
    'Lomake lähetettiin muodossa, jota tämä sivu ei ota vastaan (esimerkiksi tiedosto lomakkeella, jossa ei ole tiedostokenttää). Mitään ei tallennettu. Lataa sivu uudelleen ja yritä uudestaan.',
  'portal.logo.title': 'Logo',
  'portal.logo.none': 'Logoa ei ole vielä ladattu.',
  'portal.logo.currentAlt': 'Nykyinen logo',
  'portal.logo.file': 'Uusi logo (PNG, JPEG tai WebP)',
  'portal.logo.hint': 'Enintään {size} ja {pixels} pikseliä. SVG- ja GIF-kuvia ei hyväksytä.',
  'portal.logo.upload': 'Lataa logo',
  'portal.logo.refusal.empty': 'Valitse ladattava kuvatiedosto.',
  'portal.logo.refusal.too-large': 'Tiedosto on liian suuri: enintään 256 KiB. Mitään ei tallennettu.',
  'portal.logo.refusal.svg':
    'SVG-kuvia ei hyväksytä: käytä PNG-, JPEG- tai WebP-kuvaa. Mitään ei tallennettu.',
  'portal.logo.refusal.gif':
    'GIF-kuvia ei hyväksytä: käytä PNG-, JPEG- tai WebP-kuvaa. Mitään ei tallennettu.',
  'portal.logo.refusal.unknown-type':
    'Tiedosto ei ole kuva: vain PNG, JPEG ja WebP hyväksytään. Mitään ei tallennettu.',
  'portal.logo.refusal.truncated': 'Kuvatiedosto on katkennut. Mitään ei tallennettu.',
  'portal.logo.refusal.bad-crc':
    'Kuvatiedosto on vioittunut (tarkistussumma ei täsmää). Mitään ei tallennettu.',
  'portal.logo.refusal.malformed': 'Kuvatiedosto on virheellinen. Mitään ei tallennettu.',
  'portal.logo.refusal.trailing-data':
    'Kuvatiedoston perässä on ylimääräistä dataa. Tallenna kuva uudelleen kuvankäsittelyohjelmalla. Mitään ei tallennettu.',
  'portal.logo.refusal.dimensions':
    'Kuva on liian suuri: enintään 1024 × 1024 pikseliä. Mitään ei tallennettu.',
  'portal.integration.issue.metadata-file-too-large':
    'Metatietotiedosto on liian suuri (yli 2 MiB). Mitään ei tallennettu.',
  'portal.upload.metadataFile': 'tai lataa metatietotiedosto (XML)',
  'portal.upload.metadataHint': 'Enintään {size}. Tiedosto tarkistetaan kuten liitetty XML.',
  'portal.upload.metadataTooLarge':
    'Metatietotiedosto on liian suuri: enintään {size}. Mitään ei tallennettu.',
  'portal.integration.other': 'Muut asetukset',
  'portal.integration.otherIntro':
    'Nämä asetukset on yleensä tuotu rekisteristä; tallennus säilyttää ne sellaisinaan, jos et muuta niitä.',
  'portal.integration.field.metadataFile': 'Metatietotiedosto',
  'portal.integration.field.graphAttributes': 'Graph-ominaisuudet',
  'portal.integration.help.graphAttributes':
    'Microsoft Graphista kirjautumisen jälkeen haettavat käyttäjän ominaisuudet (esim. jobTitle department), välilyönnein tai pilkuin erotettuina. Tyhjä: vain ID-tokenin tiedot.',
  'portal.integration.field.clientSecretValidUntil': 'Client secretin viimeinen voimassaolopäivä',
  'portal.integration.help.clientSecretValidUntil':
    'Passi muistuttaa ennen kuin client secret vanhenee. Muoto VVVV-KK-PP.',
  'portal.integration.field.signAuthnRequests': 'Allekirjoita kirjautumispyynnöt (AuthnRequest)',
  'portal.integration.help.signAuthnRequests':
    'Passi allekirjoittaa koulun tunnistuspalvelulle lähtevät pyynnöt SAML-allekirjoitusavaimellaan (RSA-SHA256). Oletus: kyllä.',
  'portal.integration.field.requireSignedAssertion': 'Vaadi allekirjoitettu väite (Assertion)',
  'portal.integration.help.requireSignedAssertion':
    'Oletus: kyllä. Ei: myös allekirjoitetun vastauksen sisällä oleva allekirjoittamaton väite kelpaa.',
  'portal.integration.field.requireSignedResponse': 'Vaadi myös allekirjoitettu vastaus (Response)',
  'portal.integration.help.requireSignedResponse': 'Oletus: ei.',
  'portal.integration.field.wantEncryptedAssertions': 'Vaadi salattu väite',
  'portal.integration.help.wantEncryptedAssertions': 'Oletus: kyllä ADFS:lle, ei muille tyypeille.',
  'portal.integration.choice.default': 'Oletus',
  'portal.integration.choice.true': 'Kyllä',
  'portal.integration.choice.false': 'Ei',
};

export const sv: Record<keyof typeof fi, string> = {
  'portal.error.unsupportedMediaType':
    'Formuläret skickades i en form som den här sidan inte tar emot (till exempel en fil i ett formulär utan filfält). Inget sparades. Ladda om sidan och försök igen.',
  'portal.logo.title': 'Logotyp',
  'portal.logo.none': 'Ingen logotyp har laddats upp ännu.',
  'portal.logo.currentAlt': 'Nuvarande logotyp',
  'portal.logo.file': 'Ny logotyp (PNG, JPEG eller WebP)',
  'portal.logo.hint': 'Högst {size} och {pixels} pixlar. SVG- och GIF-bilder godkänns inte.',
  'portal.logo.upload': 'Ladda upp logotyp',
  'portal.logo.refusal.empty': 'Välj en bildfil att ladda upp.',
  'portal.logo.refusal.too-large': 'Filen är för stor: högst 256 KiB. Inget sparades.',
  'portal.logo.refusal.svg': 'SVG-bilder godkänns inte: använd PNG, JPEG eller WebP. Inget sparades.',
  'portal.logo.refusal.gif': 'GIF-bilder godkänns inte: använd PNG, JPEG eller WebP. Inget sparades.',
  'portal.logo.refusal.unknown-type':
    'Filen är ingen bild: endast PNG, JPEG och WebP godkänns. Inget sparades.',
  'portal.logo.refusal.truncated': 'Bildfilen är avbruten. Inget sparades.',
  'portal.logo.refusal.bad-crc': 'Bildfilen är skadad (kontrollsumman stämmer inte). Inget sparades.',
  'portal.logo.refusal.malformed': 'Bildfilen är felaktig. Inget sparades.',
  'portal.logo.refusal.trailing-data':
    'Efter bilden finns extra data. Spara bilden på nytt i ett bildprogram. Inget sparades.',
  'portal.logo.refusal.dimensions': 'Bilden är för stor: högst 1024 × 1024 pixlar. Inget sparades.',
  'portal.integration.issue.metadata-file-too-large':
    'Metadatafilen är för stor (över 2 MiB). Inget sparades.',
  'portal.upload.metadataFile': 'eller ladda upp en metadatafil (XML)',
  'portal.upload.metadataHint': 'Högst {size}. Filen kontrolleras som inklistrad XML.',
  'portal.upload.metadataTooLarge': 'Metadatafilen är för stor: högst {size}. Inget sparades.',
  'portal.integration.other': 'Övriga inställningar',
  'portal.integration.otherIntro':
    'Dessa inställningar kommer oftast från en import till registret; en sparning behåller dem som de är om du inte ändrar dem.',
  'portal.integration.field.metadataFile': 'Metadatafil',
  'portal.integration.field.graphAttributes': 'Graph-egenskaper',
  'portal.integration.help.graphAttributes':
    'Användarens egenskaper som hämtas från Microsoft Graph efter inloggningen (t.ex. jobTitle department), åtskilda med mellanslag eller kommatecken. Tomt: endast ID-tokenets uppgifter.',
  'portal.integration.field.clientSecretValidUntil': 'Client secretens sista giltighetsdag',
  'portal.integration.help.clientSecretValidUntil':
    'Passi påminner innan client secreten går ut. Format ÅÅÅÅ-MM-DD.',
  'portal.integration.field.signAuthnRequests': 'Signera inloggningsbegäranden (AuthnRequest)',
  'portal.integration.help.signAuthnRequests':
    'Passi signerar begäranden till skolans inloggningstjänst med sin SAML-signeringsnyckel (RSA-SHA256). Standard: ja.',
  'portal.integration.field.requireSignedAssertion': 'Kräv signerat påstående (Assertion)',
  'portal.integration.help.requireSignedAssertion':
    'Standard: ja. Nej: även ett osignerat påstående i ett signerat svar godkänns.',
  'portal.integration.field.requireSignedResponse': 'Kräv även signerat svar (Response)',
  'portal.integration.help.requireSignedResponse': 'Standard: nej.',
  'portal.integration.field.wantEncryptedAssertions': 'Kräv krypterat påstående',
  'portal.integration.help.wantEncryptedAssertions': 'Standard: ja för ADFS, nej för övriga typer.',
  'portal.integration.choice.default': 'Standard',
  'portal.integration.choice.true': 'Ja',
  'portal.integration.choice.false': 'Nej',
};

export const en: Record<keyof typeof fi, string> = {
  'portal.error.unsupportedMediaType':
    'The form was sent in a form this page does not take (for example a file on a form without a file field). Nothing was saved. Reload the page and try again.',
  'portal.logo.title': 'Logo',
  'portal.logo.none': 'No logo has been uploaded yet.',
  'portal.logo.currentAlt': 'Current logo',
  'portal.logo.file': 'New logo (PNG, JPEG or WebP)',
  'portal.logo.hint': 'At most {size} and {pixels} pixels. SVG and GIF images are not accepted.',
  'portal.logo.upload': 'Upload logo',
  'portal.logo.refusal.empty': 'Choose an image file to upload.',
  'portal.logo.refusal.too-large': 'The file is too large: at most 256 KiB. Nothing was saved.',
  'portal.logo.refusal.svg': 'SVG images are not accepted: use PNG, JPEG or WebP. Nothing was saved.',
  'portal.logo.refusal.gif': 'GIF images are not accepted: use PNG, JPEG or WebP. Nothing was saved.',
  'portal.logo.refusal.unknown-type':
    'The file is not an image: only PNG, JPEG and WebP are accepted. Nothing was saved.',
  'portal.logo.refusal.truncated': 'The image file is cut short. Nothing was saved.',
  'portal.logo.refusal.bad-crc': 'The image file is damaged (a checksum does not match). Nothing was saved.',
  'portal.logo.refusal.malformed': 'The image file is not valid. Nothing was saved.',
  'portal.logo.refusal.trailing-data':
    'Extra data follows the image. Save the image again in an image editor. Nothing was saved.',
  'portal.logo.refusal.dimensions': 'The image is too large: at most 1024 × 1024 pixels. Nothing was saved.',
  'portal.integration.issue.metadata-file-too-large':
    'The metadata file is too large (over 2 MiB). Nothing was saved.',
  'portal.upload.metadataFile': 'or upload the metadata file (XML)',
  'portal.upload.metadataHint': 'At most {size}. The file is checked like pasted XML.',
  'portal.upload.metadataTooLarge': 'The metadata file is too large: at most {size}. Nothing was saved.',
  'portal.integration.other': 'Other settings',
  'portal.integration.otherIntro':
    'These settings usually come from an import into the registry; a save keeps them as they are unless you change them.',
  'portal.integration.field.metadataFile': 'Metadata file',
  'portal.integration.field.graphAttributes': 'Graph attributes',
  'portal.integration.help.graphAttributes':
    'The user’s properties fetched from Microsoft Graph after the login (e.g. jobTitle department), separated by spaces or commas. Empty: the ID token’s claims only.',
  'portal.integration.field.clientSecretValidUntil': 'Last day the client secret is valid',
  'portal.integration.help.clientSecretValidUntil':
    'Passi reminds you before the client secret expires. Format YYYY-MM-DD.',
  'portal.integration.field.signAuthnRequests': 'Sign login requests (AuthnRequest)',
  'portal.integration.help.signAuthnRequests':
    'Passi signs the requests to the school’s login service with its SAML signing key (RSA-SHA256). Default: yes.',
  'portal.integration.field.requireSignedAssertion': 'Require a signed assertion',
  'portal.integration.help.requireSignedAssertion':
    'Default: yes. No: an unsigned assertion inside a signed response is accepted too.',
  'portal.integration.field.requireSignedResponse': 'Also require a signed response',
  'portal.integration.help.requireSignedResponse': 'Default: no.',
  'portal.integration.field.wantEncryptedAssertions': 'Require an encrypted assertion',
  'portal.integration.help.wantEncryptedAssertions': 'Default: yes for ADFS, no for the other types.',
  'portal.integration.choice.default': 'Default',
  'portal.integration.choice.true': 'Yes',
  'portal.integration.choice.false': 'No',
};
