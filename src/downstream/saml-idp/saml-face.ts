import type { Clock } from '../../core/clock.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail } from '../../core/errors.ts';
import type { FlowState } from '../../core/flow/flow-state.ts';
import type { DownstreamFace, LoginFailure, LoginSuccess } from '../../core/flow/ports.ts';
import type { HttpAction } from '../../core/http-action.ts';
import { toSamlAttributes } from '../../model/render-saml-attributes.ts';
import { buildErrorResponse } from '../../protocols/saml/build-error-response.ts';
import { buildResponse } from '../../protocols/saml/build-response.ts';
import { STATUS } from '../../protocols/saml/namespaces.ts';
import type { SigningCredential } from '../../protocols/saml/signing-credential.ts';
import { toPem } from '../../registry/check-service-rules.ts';
import type { RegistryCache } from '../../registry/registry-snapshot.ts';
import { nameIdValue } from './name-id.ts';
import { sessionIndexValue } from './session-index.ts';
import type { SamlFaceState } from './to-login-request.ts';
import { authnContextClassRef } from './to-login-request.ts';

export interface SamlFaceDeps {
  entityId: string;
  registry: RegistryCache;
  credential: () => SigningCredential;
  clock: Clock;
  /** Key for pairwise persistent NameIDs. */
  pairwiseSecret: Buffer;
  /** Key for SessionIndex values, derived per session and service (session-index.ts). */
  sessionIndexSecret: Buffer;
  /** Assertion validity (≤ 5 min: SAML Profiles 2.0 §4.1.4.2 asks for a short window). */
  validitySeconds: number;
  sessionTtlSeconds: number;
}

/** Second-level SAML status for each flow failure (SAML Core §3.2.2.2). */
const FAILURE_STATUS: Record<
  string,
  { top: typeof STATUS.requester | typeof STATUS.responder; second: string }
> = {
  [ErrorCodes.NO_PASSIVE]: { top: STATUS.responder, second: STATUS.noPassive },
  [ErrorCodes.NO_AUTHN_CONTEXT]: { top: STATUS.responder, second: STATUS.noAuthnContext },
  [ErrorCodes.LOGIN_BLOCKED]: { top: STATUS.responder, second: STATUS.authnFailed },
  [ErrorCodes.UPSTREAM_CANCELLED]: { top: STATUS.responder, second: STATUS.authnFailed },
  [ErrorCodes.UPSTREAM_FAILED]: { top: STATUS.responder, second: STATUS.authnFailed },
  [ErrorCodes.UPSTREAM_UNREACHABLE]: { top: STATUS.responder, second: STATUS.authnFailed },
};

/**
 * The SAML IdP face's answer: a signed (and, when the service has an encryption certificate,
 * encrypted) Response POSTed to the ACS chosen from the registry when the login started.
 */
export function createSamlFace(deps: SamlFaceDeps): DownstreamFace {
  return {
    async respond(flow: FlowState, outcome: LoginSuccess | LoginFailure): Promise<HttpAction> {
      const state = flow.request.faceState as SamlFaceState;
      const service = (await deps.registry.current()).services.get(flow.request.serviceId)?.service;
      if (service?.protocol !== 'saml' || !service.saml.acs.some((a) => a.location === state.acsUrl)) {
        fail(ErrorCodes.ACS_NOT_REGISTERED, 'the service or its ACS is no longer registered');
      }
      const now = deps.clock.now();
      let xml: string;
      if (outcome.ok) {
        const uid = outcome.identity.uid ?? '';
        const encryption = service.saml.encryptionCertificates[0];
        xml = await buildResponse(
          {
            issuer: deps.entityId,
            audience: service.saml.entityId,
            recipient: state.acsUrl,
            destination: state.acsUrl,
            inResponseTo: state.requestId,
            nameId: {
              format: state.nameIdFormat,
              value: nameIdValue(state.nameIdFormat, {
                secret: deps.pairwiseSecret,
                serviceEntityId: service.saml.entityId,
                uid,
              }),
            },
            authnContextClassRef: authnContextClassRef(outcome.upstream.flowName),
            authnInstant: new Date(outcome.upstream.authnInstant),
            sessionIndex: sessionIndexValue({
              secret: deps.sessionIndexSecret,
              sessionHandle: outcome.sessionId,
              serviceEntityId: service.saml.entityId,
            }),
            sessionNotOnOrAfter: outcome.sessionId
              ? new Date(now.getTime() + deps.sessionTtlSeconds * 1000)
              : undefined,
            attributes: toSamlAttributes(outcome.identity.attributes),
            now,
            validitySeconds: deps.validitySeconds,
            signResponse: service.saml.signResponse,
            encryptionCertificatePem: encryption ? toPem(encryption) : undefined,
          },
          deps.credential(),
        );
      } else {
        const status = FAILURE_STATUS[outcome.code] ?? {
          top: STATUS.responder,
          second: STATUS.requestDenied,
        };
        xml = buildErrorResponse(
          {
            issuer: deps.entityId,
            destination: state.acsUrl,
            inResponseTo: state.requestId,
            now,
            topLevel: status.top,
            secondLevel: status.second,
            message: outcome.message.slice(0, 200),
          },
          deps.credential(),
        );
      }
      const fields: Record<string, string> = { SAMLResponse: Buffer.from(xml, 'utf8').toString('base64') };
      if (state.relayState !== undefined) fields.RelayState = state.relayState;
      return { kind: 'post', action: state.acsUrl, fields };
    },
  };
}
