/**
 * File uploads on the portal's pages through the real app without JavaScript (docs/portal.md "Logos",
 * "Integrations", "Services"): multipart bodies built with the platform's FormData, as a browser sends
 * them. A logo is saved and served; a GIF, a damaged PNG and an oversized file are refused at the field
 * with nothing changed; a SAML metadata file creates and updates an integration and a service; the CSRF
 * token is checked on multipart posts; a multipart body where a plain form is expected is 415; a file on a
 * field that is not a file field is refused; the "Other settings" of the integration form are saved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src/core/error-codes.ts';
import { LOGO_MAX_BYTES } from '../../src/portal/logos/logo-image.ts';
import { generateKeyAndCertificate } from '../../src/protocols/saml/keys.ts';
import { buildSpMetadata } from '../../src/protocols/saml/sp-metadata.ts';
import { type BrowserlessClient, parseForms } from '../support/browserless-client.ts';
import { decodeHtmlText } from '../support/html-text.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { type SchoolIdp, startSchoolIdp } from '../upstream-saml/support/school-idp.ts';
import { signedInBrowser } from './portal-support.ts';
import { formFields, GIF, multipart, png, pngWithBadCrc } from './upload-support.ts';

const ORG = '1.2.246.562.99.00000000001';
const SP = '1.2.246.562.99.00000000078';
const integrations = `/portal/organisation/${ORG}/integrations`;
const services = `/portal/organisation/${SP}/services`;
const text = (html: string) => decodeHtmlText(html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
const PNG_TYPE = 'image/png';
const XML_TYPE = 'application/xml';

describe('portal: file uploads on the pages', () => {
  let t: TestApp;
  let idp: SchoolIdp;
  let edu: BrowserlessClient;
  let sp: BrowserlessClient;
  let eduCsrf: string;
  let idpMetadata: Buffer;
  let integrationPage = '';
  beforeAll(async () => {
    t = await createTestApp();
    idp = await startSchoolIdp({
      shape: 'generic',
      keyLabel: 'portal-upload-idp',
      spMetadataUrl: () => `${t.baseUrl}/sp/metadata`,
    });
    idpMetadata = Buffer.from(await (await fetch(idp.metadataUrl)).text(), 'utf8');
    await t.services.repo.upsertMany(
      [{ kind: 'organisation', doc: { oid: SP, name: { fi: 'Latausyhtiö' }, roles: ['serviceProvider'] } }],
      'test',
    );
    const signedIn = await signedInBrowser(t, 'lataaja@example.fi', 'education-main', ORG);
    edu = signedIn.browser;
    eduCsrf = signedIn.csrf;
    sp = (await signedInBrowser(t, 'palvelulataaja@example.fi', 'service-main', SP)).browser;
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });

  const stored = async (id: string) => {
    const found = await t.services.repo.find('integration', id);
    if (!found) throw new Error(`no integration ${id}`);
    return found;
  };
  const logoRows = async () =>
    Number(
      (
        await t.services.db
          .selectFrom('logo')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirst()
      )?.n ?? 0,
    );

  it('a SAML integration is created from an uploaded metadata file (the wizard form is multipart)', async () => {
    const wizard = await edu.get(`${t.baseUrl}${integrations}/new?type=saml&lang=en`);
    expect(wizard.status).toBe(200);
    expect(wizard.body).toMatch(/<form[^>]*enctype="multipart\/form-data"/);
    expect(wizard.body).toContain('name="settings.metadataFile"');
    const form = formFields(wizard, /\/integrations\/new/, ['settings.metadataFile']);
    const sent = await edu.postMultipart(
      new URL(form.action, wizard.url).toString(),
      multipart(
        { ...form.fields, flowName: 'UploadSaml', 'discovery.displayName.fi': 'Ladattu SAML' },
        { 'settings.metadataFile': { bytes: idpMetadata, name: 'metadata.xml', type: XML_TYPE } },
      ),
    );
    expect(sent.status, text(sent.body).slice(0, 400)).toBe(303);
    integrationPage = new URL(sent.headers.get('location') ?? '', t.baseUrl).pathname;
    const page = await edu.get(`${t.baseUrl}${integrationPage}?lang=en`);
    expect(page.body).toContain(idp.entityId);
    const id = integrationPage.split('/').at(-1) ?? '';
    expect((await stored(id)).doc.settings).toMatchObject({ metadataXml: idpMetadata.toString('utf8') });
  });

  it('the edit form updates it from a metadata file and saves the other settings (signing options)', async () => {
    const id = integrationPage.split('/').at(-1) ?? '';
    const page = await edu.get(`${t.baseUrl}${integrationPage}?lang=en`);
    expect(text(page.body)).toContain('Other settings');
    expect(page.body).toContain('name="settings.signAuthnRequests"');
    const form = formFields(page, /\/integrations\/[^/]+\?lang/, ['settings.metadataFile']);
    const sent = await edu.postMultipart(
      new URL(form.action, page.url).toString(),
      multipart(
        {
          ...form.fields,
          'discovery.displayName.fi': 'Päivitetty SAML',
          'settings.signAuthnRequests': 'false',
          'settings.requireSignedResponse': 'true',
          'settings.wantEncryptedAssertions': '',
        },
        { 'settings.metadataFile': { bytes: idpMetadata, name: 'metadata.xml', type: XML_TYPE } },
      ),
    );
    expect(sent.status, text(sent.body).slice(0, 400)).toBe(303);
    const after = await stored(id);
    expect(after.doc.discovery.displayName?.fi).toBe('Päivitetty SAML');
    expect(after.doc.settings).toMatchObject({ signAuthnRequests: false, requireSignedResponse: true });
    expect(after.doc.settings).not.toHaveProperty('wantEncryptedAssertions');
    // The form shows what is stored, so an unchanged save keeps it.
    const again = await edu.get(`${t.baseUrl}${integrationPage}?lang=en`);
    expect(again.body).toMatch(/<option value="false" selected[^>]*>No<\/option>/);
  });

  it('an invalid client-secret expiry date is refused at its field; nothing is saved', async () => {
    const wizard = await edu.get(`${t.baseUrl}${integrations}/new?type=oidc&lang=en`);
    const form = formFields(wizard, /\/integrations\/new/, []);
    const before = (await t.services.repo.list('integration')).length;
    const sent = await edu.post(new URL(form.action, wizard.url).toString(), {
      ...form.fields,
      'settings.issuer': 'http://127.0.0.1:9/',
      'settings.clientId': 'upload-test-client',
      'settings.clientSecretValidUntil': '2027-13-45',
    });
    expect(sent.status).toBe(400);
    expect(sent.body).toContain('href="#f-settings-clientSecretValidUntil"');
    expect(sent.body).toContain('id="f-settings-clientSecretValidUntil-error"');
    expect((await t.services.repo.list('integration')).length).toBe(before);
  });

  it('a PNG logo is saved, audited and served from /logos/…', async () => {
    const id = integrationPage.split('/').at(-1) ?? '';
    const page = await edu.get(`${t.baseUrl}${integrationPage}?lang=en`);
    const form = formFields(page, /\/logo\b/, ['logo']);
    const logo = png(16, 16, 200);
    const sent = await edu.postMultipart(
      new URL(form.action, page.url).toString(),
      multipart(form.fields, { logo: { bytes: logo, name: 'logo.png', type: PNG_TYPE } }),
    );
    expect(sent.status, text(sent.body).slice(0, 400)).toBe(303);
    const file = (await stored(id)).doc.discovery.logo ?? '';
    expect(file).toMatch(/^[0-9a-f]{64}\.png$/);
    const shown = await edu.get(`${t.baseUrl}${integrationPage}?lang=en`);
    expect(shown.body).toContain(`src="/logos/${file}"`);
    const served = await fetch(`${t.baseUrl}/logos/${file}`);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(logo)).toBe(true);
    const audited = await t.services.db
      .selectFrom('portal_audit')
      .select('subject')
      .where('action', '=', 'logo-uploaded')
      .execute();
    expect(audited.map((a) => a.subject)).toContain(`integration ${id}`);
  });

  it.each([
    { what: 'a GIF', bytes: GIF, type: 'image/gif', message: 'GIF images are not accepted' },
    {
      what: 'a PNG with a bad CRC',
      bytes: pngWithBadCrc(),
      type: PNG_TYPE,
      message: 'a checksum does not match',
    },
    {
      what: 'a file over the size limit',
      bytes: Buffer.concat([png(8, 8), Buffer.alloc(LOGO_MAX_BYTES)]),
      type: PNG_TYPE,
      message: 'at most 256 KiB',
    },
    {
      what: 'a PNG over 1024×1024 pixels',
      bytes: png(1025, 1),
      type: PNG_TYPE,
      message: 'at most 1024 × 1024',
    },
  ])('$what is refused at the logo field in the page’s language; nothing changes', async (c) => {
    const id = integrationPage.split('/').at(-1) ?? '';
    const page = await edu.get(`${t.baseUrl}${integrationPage}?lang=en`);
    const form = formFields(page, /\/logo\b/, ['logo']);
    const before = await stored(id);
    const rows = await logoRows();
    const sent = await edu.postMultipart(
      new URL(form.action, page.url).toString(),
      multipart(form.fields, { logo: { bytes: c.bytes, name: 'logo.png', type: c.type } }),
    );
    expect(sent.status).toBe(400);
    expect(sent.body).toContain('id="logo-file-error"');
    expect(text(sent.body)).toContain(c.message);
    const after = await stored(id);
    expect(after.revision).toBe(before.revision);
    expect(after.doc.discovery.logo).toBe(before.doc.discovery.logo);
    expect(await logoRows()).toBe(rows);
  });

  it('the refusal is in Finnish and Swedish too', async () => {
    for (const [lang, words] of [
      ['fi', 'GIF-kuvia ei hyväksytä'],
      ['sv', 'GIF-bilder godkänns inte'],
    ] as const) {
      const page = await edu.get(`${t.baseUrl}${integrationPage}?lang=${lang}`);
      const form = formFields(page, /\/logo\b/, ['logo']);
      const sent = await edu.postMultipart(
        new URL(form.action, page.url).toString(),
        multipart(form.fields, { logo: { bytes: GIF, name: 'a.gif', type: 'image/gif' } }),
      );
      expect(sent.status).toBe(400);
      expect(text(sent.body)).toContain(words);
    }
  });

  it('a multipart post without or with a wrong CSRF token is 403 and stores nothing', async () => {
    const id = integrationPage.split('/').at(-1) ?? '';
    const page = await edu.get(`${t.baseUrl}${integrationPage}?lang=en`);
    const form = formFields(page, /\/logo\b/, ['logo']);
    const before = await stored(id);
    const rows = await logoRows();
    const { csrf: _dropped, ...withoutCsrf } = form.fields;
    for (const fields of [withoutCsrf, { ...form.fields, csrf: `${eduCsrf}x` }]) {
      const sent = await edu.postMultipart(
        new URL(form.action, page.url).toString(),
        multipart(fields, { logo: { bytes: png(12, 12, 9), name: 'logo.png', type: PNG_TYPE } }),
      );
      expect(sent.status).toBe(403);
      expect(sent.headers.get('x-passi-error-code')).toBe(ErrorCodes.FORM_TOKEN_INVALID);
    }
    const metadataForm = formFields(page, /\/integrations\/[^/]+\?lang/, ['settings.metadataFile']);
    const { csrf: _none, ...metadataWithoutCsrf } = metadataForm.fields;
    const metadataSent = await edu.postMultipart(
      new URL(metadataForm.action, page.url).toString(),
      multipart(
        { ...metadataWithoutCsrf, 'discovery.displayName.fi': 'Ei tallennu' },
        { 'settings.metadataFile': { bytes: idpMetadata, name: 'metadata.xml', type: XML_TYPE } },
      ),
    );
    expect(metadataSent.status).toBe(403);
    const after = await stored(id);
    expect(after.revision).toBe(before.revision);
    expect(await logoRows()).toBe(rows);
  });

  it('a logo form read before another save is refused (409) naming the change; nothing is stored', async () => {
    const id = integrationPage.split('/').at(-1) ?? '';
    const page = await edu.get(`${t.baseUrl}${integrationPage}?lang=en`);
    const form = formFields(page, /\/logo\b/, ['logo']);
    const stale = { ...form.fields, revision: String(Number(form.fields.revision) - 1) };
    const before = await stored(id);
    const rows = await logoRows();
    const sent = await edu.postMultipart(
      new URL(form.action, page.url).toString(),
      multipart(stale, { logo: { bytes: png(6, 6, 3), name: 'logo.png', type: PNG_TYPE } }),
    );
    expect(sent.status).toBe(409);
    expect(sent.body).toContain('id="conflict"');
    const after = await stored(id);
    expect(after.revision).toBe(before.revision);
    expect(after.doc.discovery.logo).toBe(before.doc.discovery.logo);
    expect(await logoRows()).toBe(rows);
  });

  it('a metadata file over 2 MiB is refused at the file field; nothing is saved', async () => {
    const id = integrationPage.split('/').at(-1) ?? '';
    const page = await edu.get(`${t.baseUrl}${integrationPage}?lang=en`);
    const form = formFields(page, /\/integrations\/[^/]+\?lang/, ['settings.metadataFile']);
    const before = await stored(id);
    const huge = Buffer.concat([idpMetadata, Buffer.alloc(2 * 1024 * 1024, 0x20)]);
    const sent = await edu.postMultipart(
      new URL(form.action, page.url).toString(),
      multipart(
        { ...form.fields, 'discovery.displayName.fi': 'Liian suuri' },
        { 'settings.metadataFile': { bytes: huge, name: 'metadata.xml', type: XML_TYPE } },
      ),
    );
    expect(sent.status).toBe(400);
    expect(sent.body).toContain('href="#f-settings-metadataFile"');
    expect(text(sent.body)).toContain('The metadata file is too large');
    expect((await stored(id)).revision).toBe(before.revision);
  });

  it('a multipart body where the route takes a plain form is 415 with its code', async () => {
    // Inside the upload scope (a form without a file field) and outside it (sign-out).
    for (const path of [`${services}/sets?lang=en`, '/portal/sign-out']) {
      const sent = await sp.postMultipart(
        `${t.baseUrl}${path}`,
        multipart(
          { csrf: 'x', name_fi: 'Joukko' },
          { name_en: { bytes: GIF, name: 'a.gif', type: 'image/gif' } },
        ),
      );
      expect(sent.status).toBe(415);
      expect(sent.headers.get('x-passi-error-code')).toBe(ErrorCodes.UNSUPPORTED_MEDIA_TYPE);
    }
    const sets = await t.services.repo.list('serviceSet');
    expect(sets.filter((s) => s.doc.organisationOid === SP)).toHaveLength(0);
  });

  it('a file on a field that is not a file field is refused; a second logo file too', async () => {
    const page = await edu.get(`${t.baseUrl}${integrationPage}?lang=en`);
    const form = formFields(page, /\/logo\b/, ['logo']);
    const url = new URL(form.action, page.url).toString();
    const { revision: _r, ...rest } = form.fields;
    const onTextField = await edu.postMultipart(
      url,
      multipart(rest, { revision: { bytes: png(4, 4), name: 'r.png', type: PNG_TYPE } }),
    );
    expect(onTextField.status).toBe(400);
    expect(onTextField.headers.get('x-passi-error-code')).toBe(ErrorCodes.REQUEST_INVALID);
    const twice = multipart(form.fields, { logo: { bytes: png(4, 4), name: 'a.png', type: PNG_TYPE } });
    twice.append('logo', new Blob([new Uint8Array(png(5, 5))], { type: PNG_TYPE }), 'b.png');
    const sentTwice = await edu.postMultipart(url, twice);
    expect(sentTwice.status).toBe(413);
  });

  it('a SAML service is created from a metadata file, updated from another, and gets a logo', async () => {
    const list = await sp.get(`${t.baseUrl}${services}?lang=en`);
    const samlForm = parseForms(list.body).find((f) => f.fields.protocol === 'saml');
    if (!samlForm) throw new Error('no SAML service form');
    const { metadataFile: _file, ...samlFields } = samlForm.fields;
    expect(list.body).toMatch(/<form[^>]*enctype="multipart\/form-data"[^>]*>\s*<h2>[^<]*SAML/);
    const now = new Date();
    const cert = generateKeyAndCertificate({ type: 'rsa-2048', commonName: 'passi-upload-sp', now });
    const spMetadata = (acs: string) =>
      Buffer.from(
        buildSpMetadata({
          entityId: 'https://upload-sp.example.org/saml',
          validUntil: new Date(now.getTime() + 365 * 86_400_000),
          signingCertificatesPem: [cert.certificatePem],
          encryptionCertificatesPem: [],
          assertionConsumerServices: [acs],
        }),
        'utf8',
      );
    const created = await sp.postMultipart(
      new URL(samlForm.action, list.url).toString(),
      multipart(
        { ...samlFields, name_fi: 'Ladattu palvelu', nameIdFormat: 'transient' },
        {
          metadataFile: {
            bytes: spMetadata('https://upload-sp.example.org/acs'),
            name: 'sp.xml',
            type: XML_TYPE,
          },
        },
      ),
    );
    expect(created.status, text(created.body).slice(0, 400)).toBe(303);
    const servicePage = new URL(created.headers.get('location') ?? '', t.baseUrl).pathname;
    const serviceId = servicePage.split('/').at(-1) ?? '';
    const page = await sp.get(`${t.baseUrl}${servicePage}?lang=en`);
    expect(page.body).toContain('https://upload-sp.example.org/saml');
    expect(page.body).toContain('https://upload-sp.example.org/acs');

    const edit = formFields(page, /services\/[^/]+\?lang/, ['metadataFile']);
    const updated = await sp.postMultipart(
      new URL(edit.action, page.url).toString(),
      multipart(
        { ...edit.fields, acsUrls: 'https://upload-sp.example.org/acs2', nameIdFormat: 'transient' },
        {
          metadataFile: {
            bytes: spMetadata('https://upload-sp.example.org/acs2'),
            name: 'sp.xml',
            type: XML_TYPE,
          },
        },
      ),
    );
    expect(updated.status, text(updated.body).slice(0, 400)).toBe(303);
    const service = await t.services.repo.find('service', serviceId);
    expect(JSON.stringify(service?.doc)).toContain('https://upload-sp.example.org/acs2');

    const withForm = await sp.get(`${t.baseUrl}${servicePage}?lang=en`);
    const logoForm = formFields(withForm, /\/logo\b/, ['logo']);
    const logo = png(20, 10, 77);
    const sent = await sp.postMultipart(
      new URL(logoForm.action, withForm.url).toString(),
      multipart(logoForm.fields, { logo: { bytes: logo, name: 'logo.png', type: PNG_TYPE } }),
    );
    expect(sent.status, text(sent.body).slice(0, 400)).toBe(303);
    const withLogo = await t.services.repo.find('service', serviceId);
    const file = String(withLogo?.doc.logo ?? '');
    expect(file).toMatch(/^[0-9a-f]{64}\.png$/);
    expect((await sp.get(`${t.baseUrl}${servicePage}?lang=en`)).body).toContain(`src="/logos/${file}"`);

    // A GIF is refused at the service's logo field too, and the logo stays.
    const refused = await sp.postMultipart(
      new URL(logoForm.action, withForm.url).toString(),
      multipart(
        { ...logoForm.fields, revision: String(withLogo?.revision) },
        {
          logo: { bytes: GIF, name: 'a.gif', type: 'image/gif' },
        },
      ),
    );
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('id="logo-file-error"');
    expect((await t.services.repo.find('service', serviceId))?.doc.logo).toBe(file);
  });
});
