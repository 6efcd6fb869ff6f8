import { authnRequestXml, redirectSsoUrl } from '../../saml-idp/support/authn-requests.ts';
import { spAcs, spEntityId } from '../../saml-idp/support/sp-registry.ts';
import { BrowserlessClient, type BrowserResponse, parseForms } from '../../support/browserless-client.ts';
import { type LoginOutcome, pageOutcome } from './login-attempt.ts';

const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const RESPONDER = 'urn:oasis:names:tc:SAML:2.0:status:Responder';

/**
 * One SP-initiated SAML login through the balancer: an AuthnRequest (HTTP-Redirect) from the registered
 * service `spId`, the test directory, and Passi's Response. During a database outage it may end as a 503
 * page or as a SAML error Response auto-POSTed to the service's registered ACS (SAML Core §3.2.2.2).
 */
export async function samlLoginAttempt(baseUrl: string, spId: string): Promise<LoginOutcome> {
  try {
    const browser = new BrowserlessClient();
    const request = authnRequestXml({
      issuer: spEntityId(spId),
      destination: `${baseUrl}/idp/profile/SAML2/Redirect/SSO`,
      // Straight to the demo test directory, as the OIDC attempts go (docs/architecture.md "The login", step 3).
      authnContextClassRefs: ['urn:mpass.id:authnsource:MansikkalaTest'],
    });
    let page = await browser.getFollow(redirectSsoUrl(baseUrl, request, { relayState: 'rs-outage' }));
    if (page.url.includes('/upstream/test-directory/')) {
      // The login page itself may be the outage's 503 page: there is no login form to fill in then.
      if (page.status !== 200) return pageOutcome(page, 'login page');
      page = await browser.submitForm(page, { username: 'demo_u0001', password: 'demo_u0001pwd' });
    }
    return responseOutcome(page, spAcs(spId));
  } catch (e) {
    return { kind: 'wrong', what: `request failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Passi's last page: the auto-POST of a Response to the registered ACS, or an error page. */
function responseOutcome(page: BrowserResponse, acs: string): LoginOutcome {
  if (page.status !== 200 || !page.body.includes('id="autopost"')) return pageOutcome(page, 'SAML SSO');
  const form = parseForms(page.body)[0];
  if (form?.action !== acs) return { kind: 'wrong', what: `Response POSTed to ${form?.action}` };
  if (form.fields.RelayState !== 'rs-outage') return { kind: 'wrong', what: 'RelayState not returned' };
  const xml = Buffer.from(form.fields.SAMLResponse ?? '', 'base64').toString('utf8');
  const status = /<(?:\w+:)?StatusCode\b[^>]*\bValue="([^"]+)"/.exec(xml)?.[1];
  if (status === SUCCESS)
    return /<(?:\w+:)?Assertion\b/.test(xml)
      ? { kind: 'ok' }
      : { kind: 'wrong', what: 'Success without an Assertion' };
  // The outage is Passi's, not the request's: only a Responder status is an acceptable failure.
  if (status === RESPONDER) return { kind: 'unavailable', what: 'SAML Responder Response to the service' };
  return { kind: 'wrong', what: `SAML status ${status}: ${xml.slice(0, 300)}` };
}
