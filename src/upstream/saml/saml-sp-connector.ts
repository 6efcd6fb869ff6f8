/**
 * The SAML SP connector shared by ADFS, Google Workspace, Entra ID over SAML and generic SAML IdPs
 * (docs/integrations/saml.md). `start` sends a (signed) AuthnRequest over HTTP-Redirect to the IdP's SSO address from
 * the stored metadata and keeps its id in the flow; `finish` verifies the POSTed Response against that id
 * (verify-saml-response.ts) and returns the raw attributes of the verified Assertion.
 */
import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { ensure, fail } from '../../core/errors.ts';
import type { UpstreamConnector, UpstreamIntegration } from '../../core/flow/ports.ts';
import type { UpstreamIdentity } from '../../core/upstream-identity.ts';
import type { KeySet } from '../../keys/key-store.ts';
import type { ReplayCache } from '../../store/state/replay-cache.ts';
import { flowStateReader } from '../connector-module.ts';
import { buildAuthnRequest } from './build-authn-request.ts';
import type { IdpMetadataStore } from './idp-metadata-store.ts';
import { createParsedPrivateKeys } from './parsed-private-keys.ts';
import type { VerifiedAssertion } from './read-verified-assertion.ts';
import { samlSpSettings } from './saml-sp-settings.ts';
import { signRedirectRequest } from './sign-redirect-request.ts';
import type { SpUrls } from './sp-urls.ts';
import { verifySamlResponse } from './verify-saml-response.ts';

export interface SamlSpDeps {
  urls: SpUrls;
  metadata: () => IdpMetadataStore;
  keys: () => KeySet;
  replay: () => ReplayCache;
  clock: Clock;
  clockSkewSeconds: number;
  /** How long a login may take (PASSI_FLOW_TTL_SECONDS): the school's answer must come within it. */
  flowTtlSeconds: number;
}

/** What `start` keeps in the flow: the AuthnRequest's id and time, which the Response must answer. */
export const samlFlowStateSchema = z.object({
  saml: z.object({ requestId: z.string().min(1), issuedAt: z.string() }),
});
export type SamlFlowState = z.infer<typeof samlFlowStateSchema>;

/** Raw attribute under which the SAML NameID is passed on (for mappings that use it as the username). */
export const NAME_ID_ATTRIBUTE = 'saml:NameID';

/** A step after verification (Entra: Graph attributes), given the verified assertion. */
export type AfterVerify = (input: {
  integration: UpstreamIntegration;
  assertion: VerifiedAssertion;
  identity: UpstreamIdentity;
}) => Promise<UpstreamIdentity>;

export function createSamlSpConnector(
  type: string,
  deps: SamlSpDeps,
  afterVerify?: AfterVerify,
): UpstreamConnector<SamlFlowState> {
  const privateKey = createParsedPrivateKeys();
  return {
    type,
    readState: flowStateReader(samlFlowStateSchema, 'a SAML request'),
    async start({ flow, integration }) {
      const settings = samlSpSettings(integration);
      const idp = await deps.metadata().current(integration);
      if (idp.ssoRedirectUrl === undefined)
        fail(ErrorCodes.UPSTREAM_CONFIG_INVALID, 'the school IdP metadata has no HTTP-Redirect SSO address');
      const signing = deps.keys().samlSigning;
      // Redirect-binding requests are signed with RSA-SHA256 (Passi's own keys, not the school's side).
      ensure(
        !settings.signAuthnRequests || signing.alg === 'RS256',
        ErrorCodes.KEY_NOT_FOUND,
        'signed AuthnRequests need an RSA SAML signing key',
      );
      const now = deps.clock.now();
      // RelayState is not needed: the flow cookie binds the browser (RelayState is never a URL: no open redirect).
      const request = buildAuthnRequest({
        ssoRedirectUrl: idp.ssoRedirectUrl,
        spEntityId: deps.urls.entityId,
        acsUrl: deps.urls.acs(integration.flowName).primary,
        forceAuthn: flow.request.forceAuthn === true,
        now,
      });
      const location = settings.signAuthnRequests
        ? await signRedirectRequest(request.url, privateKey(signing.privateKeyPem))
        : request.url;
      return {
        action: { kind: 'redirect', location },
        upstream: { saml: { requestId: request.id, issuedAt: now.toISOString() } },
      };
    },

    async finish({ integration, http, state }) {
      const samlResponse = http.body.SAMLResponse;
      if (http.method !== 'POST' || samlResponse === undefined || samlResponse === '')
        fail(ErrorCodes.UPSTREAM_ANSWER_INVALID, 'no SAMLResponse in the POST');
      const requestId = state.saml.requestId;
      const issuedAt = new Date(state.saml.issuedAt);
      const settings = samlSpSettings(integration);
      const idp = await deps.metadata().current(integration);
      const acs = deps.urls.acs(integration.flowName);
      const assertion = await verifySamlResponse({
        samlResponse,
        idp,
        sp: { entityId: deps.urls.entityId, acsUrls: [acs.primary, acs.alias] },
        requestId,
        requestIssuedAt: issuedAt,
        requestTtlMs: deps.flowTtlSeconds * 1000,
        policy: {
          requireSignedAssertion: settings.requireSignedAssertion,
          requireSignedResponse: settings.requireSignedResponse,
          wantEncryptedAssertions: settings.wantEncryptedAssertions,
        },
        decryptionKeyPem: deps.keys().samlEncryption.privateKeyPem,
        decryptionKey: privateKey(deps.keys().samlEncryption.privateKeyPem),
        now: deps.clock.now(),
        skewSeconds: deps.clockSkewSeconds,
        replay: deps.replay(),
      });
      const attributes = { ...assertion.attributes };
      if (assertion.nameId !== undefined) attributes[NAME_ID_ATTRIBUTE] = [assertion.nameId];
      const identity: UpstreamIdentity = {
        integrationId: integration.id,
        flowName: integration.flowName,
        attributes,
        authnInstant: assertion.authnInstant.toISOString(),
        ...(assertion.authnContextClassRef !== undefined
          ? { upstreamAcr: assertion.authnContextClassRef }
          : {}),
      };
      return afterVerify ? afterVerify({ integration, assertion, identity }) : identity;
    },
  };
}
