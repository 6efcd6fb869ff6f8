import { auditPassiResponse } from './passi-response-audit.ts';

/**
 * A minimal browser for protocol tests without Chromium: a cookie jar (including `__Host-`/Secure cookies
 * on localhost, as browsers allow), manual redirects, and HTML form submission (auto-POST pages, login
 * forms). It drives Passi over real HTTP.
 */
export interface BrowserResponse {
  status: number;
  url: string;
  headers: Headers;
  body: string;
}

export interface FormData {
  action: string;
  method: string;
  fields: Record<string, string>;
}

export interface BrowserlessClientOptions {
  /**
   * Where a request for `url` is sent, as a load balancer in front of a deployment's nodes decides; the
   * browser still sees the URL (its cookies, redirects and forms stay those of the public address).
   */
  connectTo?: (url: URL) => URL;
}

export class BrowserlessClient {
  private readonly cookies = new Map<string, Map<string, string>>();

  constructor(private readonly options: BrowserlessClientOptions = {}) {}

  async get(url: string): Promise<BrowserResponse> {
    return this.request('GET', url);
  }

  async post(url: string, fields: Record<string, string>): Promise<BrowserResponse> {
    return this.request('POST', url, new URLSearchParams(fields).toString());
  }

  /** A file-upload form's POST (`multipart/form-data`, RFC 7578), built from the platform's FormData. */
  async postMultipart(url: string, form: globalThis.FormData): Promise<BrowserResponse> {
    return this.request('POST', url, form);
  }

  /** Follows 3xx redirects (GET) up to `max` hops and returns the final response. */
  async follow(response: BrowserResponse, max = 10): Promise<BrowserResponse> {
    let current = response;
    for (let i = 0; i < max && current.status >= 300 && current.status < 400; i++) {
      const location = current.headers.get('location');
      if (!location) break;
      current = await this.get(new URL(location, current.url).toString());
    }
    return current;
  }

  async getFollow(url: string): Promise<BrowserResponse> {
    return this.follow(await this.get(url));
  }

  async postFollow(url: string, fields: Record<string, string>): Promise<BrowserResponse> {
    return this.follow(await this.post(url, fields));
  }

  /** Submits the first (or `index`-th) form of a page with its fields plus `extra`. */
  async submitForm(
    page: BrowserResponse,
    extra: Record<string, string> = {},
    index = 0,
  ): Promise<BrowserResponse> {
    const form = parseForms(page.body)[index];
    if (!form) throw new Error(`no form on ${page.url} (status ${page.status})`);
    // Every Response a Passi sends through a form is verified as it was sent.
    if (form.fields.SAMLResponse) await auditPassiResponse(form.fields.SAMLResponse);
    const action = new URL(form.action || page.url, page.url).toString();
    const fields = { ...form.fields, ...extra };
    if (form.method.toLowerCase() === 'get') {
      const u = new URL(action);
      for (const [k, v] of Object.entries(fields)) u.searchParams.set(k, v);
      return this.getFollow(u.toString());
    }
    return this.postFollow(action, fields);
  }

  cookie(host: string, name: string): string | undefined {
    return this.cookies.get(host)?.get(name);
  }

  /** Sets a cookie as an earlier visit would have (e.g. a language chosen last week). */
  setCookie(host: string, name: string, value: string): void {
    const jar = this.cookies.get(host) ?? new Map<string, string>();
    jar.set(name, value);
    this.cookies.set(host, jar);
  }

  private async request(
    method: string,
    url: string,
    body?: string | globalThis.FormData,
  ): Promise<BrowserResponse> {
    const u = new URL(url);
    const jar = this.cookies.get(u.host);
    const headers: Record<string, string> = { 'accept-language': 'fi' };
    if (jar?.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    // A FormData body sets its own multipart content type with the boundary.
    if (typeof body === 'string') headers['content-type'] = 'application/x-www-form-urlencoded';
    const target = this.options.connectTo?.(u) ?? u;
    const res = await fetch(target, { method, headers, body, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) this.storeCookie(u.host, line);
    return { status: res.status, url, headers: res.headers, body: await res.text() };
  }

  private storeCookie(host: string, line: string): void {
    const [pair = '', ...attrs] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const jar = this.cookies.get(host) ?? new Map<string, string>();
    const expired =
      attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) ||
      attrs.some((a) => /^\s*expires=thu, 01 jan 1970/i.test(a));
    if (expired || value === '') jar.delete(name);
    else jar.set(name, value);
    this.cookies.set(host, jar);
  }
}

/** Reads forms from server-rendered HTML (Passi's own pages and simple SP pages). */
export function parseForms(html: string): FormData[] {
  const forms: FormData[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = m[1] ?? '';
    const inner = m[2] ?? '';
    const fields: Record<string, string> = {};
    for (const input of inner.matchAll(/<input\b([^>]*)>/gi)) {
      const a = input[1] ?? '';
      const name = attr(a, 'name');
      if (!name) continue;
      const type = attr(a, 'type') ?? 'text';
      if (type === 'submit' || type === 'button') continue;
      // As a browser does: only the checked radio button or checkbox is sent (HTML §4.10.21.4).
      if ((type === 'radio' || type === 'checkbox') && !/\schecked(?:[\s=/]|$)/i.test(a)) continue;
      fields[name] = decodeEntities(attr(a, 'value') ?? '');
    }
    forms.push({
      action: decodeEntities(attr(attrs, 'action') ?? ''),
      method: attr(attrs, 'method') ?? 'get',
      fields,
    });
  }
  return forms;
}

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}="([^"]*)"`, 'i').exec(attrs);
  return m?.[1];
}

function decodeEntities(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
