/**
 * What the service receives from Passi after a login through a school's SAML IdP, read two ways:
 * the bytes of the SAML Response Passi auto-POSTs to the attribute test service, and that service's own
 * report of what it accepted (released attributes by data-model name, the problems Passi recorded).
 */
import { expect } from 'vitest';
import { type BrowserResponse, parseForms } from '../../support/browserless-client.ts';
import { decodeHtmlText } from '../../support/html-text.ts';
import { samlAttributes } from '../../support/saml-attributes.ts';

export interface SamlToService {
  /** The decoded Response XML the service is sent. */
  xml: string;
  /** AttributeValues by Attribute Name (urn:mpass.id:schoolCode, urn:oid:2.5.4.42, …). */
  attributes: Record<string, string[]>;
}

/** Passi's auto-POST page toward the SAML test service: the Response it carries, decoded. */
export function samlSentToService(passiPage: BrowserResponse): SamlToService {
  const form = parseForms(passiPage.body).find((f) => f.fields.SAMLResponse !== undefined);
  if (!form) throw new Error(`no SAMLResponse form on Passi's page (${passiPage.status})`);
  expect(form.action).toContain('/test-service/saml/acs');
  const xml = Buffer.from(form.fields.SAMLResponse ?? '', 'base64').toString('utf8');
  const attributes = samlAttributes(xml);
  return { xml, attributes };
}

export interface ServiceReport {
  released: Record<string, string[]>;
  problems: { code: string; attributes: string[] }[];
}

/** The test service's result page (its copyable report); asserts the service accepted the login. */
export function serviceReport(page: BrowserResponse): ServiceReport {
  const text = /<textarea id="report"[^>]*>([^<]*)<\/textarea>/.exec(page.body)?.[1];
  if (text === undefined) throw new Error(`no test service report at ${page.url} (${page.status})`);
  const report: unknown = JSON.parse(decodeHtmlText(text));
  expect(Reflect.get(Object(report), 'failure')).toBeUndefined();
  const released: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(Object(Reflect.get(Object(report), 'released')))) {
    if (Array.isArray(values)) released[name] = values.map(String);
  }
  const problems: ServiceReport['problems'] = [];
  const raw: unknown = Reflect.get(Object(report), 'problems');
  for (const p of Array.isArray(raw) ? raw : []) {
    const attributes: unknown = Reflect.get(Object(p), 'attributes');
    problems.push({
      code: String(Reflect.get(Object(p), 'code')),
      attributes: Array.isArray(attributes) ? attributes.map(String) : [],
    });
  }
  return { released, problems };
}
