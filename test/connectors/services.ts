/**
 * The two services of the contract, each a real service-side library outside Passi: a SAML service
 * (@node-saml/node-saml: builds the AuthnRequest, validates Passi's signed Response, InResponseTo
 * included) and an OIDC client (openid-client: discovery, code flow with PKCE, ID token and userinfo
 * validation). Each login asks for one school by `urn:mpass.id:authnsource:<flowName>` (docs/registry.md)
 * and reports what its service received, by data-model name.
 */
import type { Profile } from '@node-saml/node-saml';
import * as client from 'openid-client';
import { ATTRIBUTE_CATALOGUE } from '../../src/model/attribute-catalogue.ts';
import { nodeSamlSp } from '../saml-idp/support/node-saml-sp.ts';
import { OPERATOR_OID, registryYaml, spAcs, TEST_SERVICE_SET } from '../saml-idp/support/sp-registry.ts';
import { type BrowserlessClient, type BrowserResponse, parseForms } from '../support/browserless-client.ts';
import type { TestApp } from '../support/test-app.ts';

export type Face = 'saml' | 'oidc';
export const FACES: readonly Face[] = ['saml', 'oidc'];

const SAML_SERVICE = 'contract-saml';
const OIDC_SERVICE = {
  id: 'contract-oidc',
  clientId: 'contract-oidc-client',
  secret: 'contract-oidc-secret-0123456789abcdef0123',
  redirectUri: 'https://contract-rp.example.org/callback',
};
/** The services' own secrets: never logged either. */
export const SERVICE_SECRETS = [OIDC_SERVICE.secret];

/** What the service ended with. */
export type ServiceResult =
  /** A validated login: the released attributes by data-model name. */
  | { kind: 'login'; attributes: Record<string, string[]> }
  /** The service received an error answer (SAML error status, OAuth error at the redirect URI). */
  | { kind: 'protocol-error'; detail: string }
  /** The browser stopped at a page at Passi; the service received nothing. */
  | { kind: 'passi-page'; status: number; code: string | null };

export interface ServiceLogin {
  /** Where the service sends the browser (Passi's SSO or authorization endpoint). */
  url: string;
  /** From Passi's response to the school's answer on: what the service receives. */
  receive(browser: BrowserlessClient, atPassi: BrowserResponse): Promise<ServiceResult>;
}

export interface ContractService {
  face: Face;
  begin(flowName: string): Promise<ServiceLogin>;
}

/** The registry entries of the two services (JSON is YAML), merged with the schools' integrations. */
export function contractRegistry(integrations: Record<string, unknown>[]): string {
  const base: unknown = JSON.parse(registryYaml([{ id: SAML_SERVICE }]));
  const services: unknown = Reflect.get(Object(base), 'services');
  const oidc = {
    id: OIDC_SERVICE.id,
    organisationOid: OPERATOR_OID,
    name: { fi: 'Sopimustestin OIDC-palvelu', en: 'Contract OIDC service' },
    protocol: 'oidc',
    deploymentPhase: 'test',
    serviceSets: [TEST_SERVICE_SET],
    allowTestLearnerId: true,
    oidc: { clientId: OIDC_SERVICE.clientId, redirectUris: [OIDC_SERVICE.redirectUri] },
    clientSecret: OIDC_SERVICE.secret,
  };
  return JSON.stringify({
    serviceSets: Reflect.get(Object(base), 'serviceSets'),
    services: [...(Array.isArray(services) ? services : []), oidc],
    integrations,
  });
}

const SAML_NAME = new Map<string, string>(ATTRIBUTE_CATALOGUE.map((e) => [e.samlName, e.name]));
const CLAIM_NAME = new Map<string, string>(ATTRIBUTE_CATALOGUE.map((e) => [e.oidcClaim, e.name]));

function byDataName(values: Record<string, unknown>, names: Map<string, string>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(values)) {
    const name = names.get(key);
    if (name === undefined || value === undefined || value === null) continue;
    out[name] = (Array.isArray(value) ? value : [value]).map(String);
  }
  return out;
}

function passiPage(page: BrowserResponse): ServiceResult {
  return { kind: 'passi-page', status: page.status, code: page.headers.get('x-passi-error-code') };
}

export function samlService(t: TestApp): ContractService {
  return {
    face: 'saml',
    async begin(flowName) {
      const sp = nodeSamlSp(t, {
        id: SAML_SERVICE,
        binding: 'redirect',
        signRequest: false,
        authnContext: [`urn:mpass.id:authnsource:${flowName}`],
      });
      const url = await sp.saml.getAuthorizeUrlAsync('contract-relay', undefined, {});
      return {
        url,
        async receive(browser, atPassi) {
          const page = await browser.follow(atPassi);
          const form = parseForms(page.body).find((f) => f.fields.SAMLResponse !== undefined);
          if (page.status !== 200 || form === undefined) return passiPage(page);
          if (form.action !== spAcs(SAML_SERVICE)) throw new Error(`Passi posts to ${form.action}`);
          let profile: Profile | null;
          try {
            ({ profile } = await sp.saml.validatePostResponseAsync(form.fields));
          } catch (e) {
            return { kind: 'protocol-error', detail: e instanceof Error ? e.message : String(e) };
          }
          if (!profile) return { kind: 'protocol-error', detail: 'node-saml returned no profile' };
          return { kind: 'login', attributes: byDataName(profile, SAML_NAME) };
        },
      };
    },
  };
}

export async function oidcService(t: TestApp): Promise<ContractService> {
  const config = await client.discovery(
    new URL(t.baseUrl),
    OIDC_SERVICE.clientId,
    undefined,
    client.ClientSecretBasic(OIDC_SERVICE.secret),
    { execute: [client.allowInsecureRequests] },
  );
  return {
    face: 'oidc',
    async begin(flowName) {
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: OIDC_SERVICE.redirectUri,
        scope: 'openid profile',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        acr_values: `urn:mpass.id:authnsource:${flowName}`,
      });
      return {
        url: url.href,
        async receive(browser, atPassi) {
          let response = atPassi;
          for (let hop = 0; hop < 15; hop++) {
            const location = response.headers.get('location');
            if (response.status < 300 || response.status >= 400 || !location) return passiPage(response);
            const next = new URL(location, response.url);
            if (next.href.startsWith(OIDC_SERVICE.redirectUri)) return redeem(next);
            response = await browser.get(next.href);
          }
          throw new Error('too many redirects');
        },
      };

      async function redeem(callback: URL): Promise<ServiceResult> {
        try {
          const tokens = await client.authorizationCodeGrant(config, callback, {
            pkceCodeVerifier: verifier,
            expectedState: state,
            expectedNonce: nonce,
          });
          const idClaims = tokens.claims();
          if (!idClaims) return { kind: 'protocol-error', detail: 'no ID token' };
          const userinfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
          return { kind: 'login', attributes: byDataName({ ...idClaims, ...userinfo }, CLAIM_NAME) };
        } catch (e) {
          const error = e instanceof client.AuthorizationResponseError ? e.error : undefined;
          return { kind: 'protocol-error', detail: error ?? (e instanceof Error ? e.message : String(e)) };
        }
      }
    },
  };
}
