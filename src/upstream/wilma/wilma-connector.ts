import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { constantTimeEqual } from '../../core/constant-time-equal.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { ensure, fail, PassiError } from '../../core/errors.ts';
import type { UpstreamConnector, UpstreamIntegration } from '../../core/flow/ports.ts';
import { BACK_CHANNEL_CODES } from '../../outbound/outbound-errors.ts';
import { createOutboundClient, type FetchLike } from '../../outbound/outbound-fetch.ts';
import { OUTBOUND_LIMITS } from '../../outbound/outbound-limits.ts';
import { httpUrlSchema } from '../../registry/common-schemas.ts';
import { flowStateReader, requiredSecret, settingsOf } from '../connector-module.ts';
import { alphanumericNonce, signWilmaUrl, verifyWilmaQuery, wilmaHmac } from './wilma-hmac.ts';
import { wilmaUserAttributes } from './wilma-user.ts';

/** Single-use keys shared by all nodes (store/state/replay-cache.ts). */
export interface ReplayClaims {
  claim(namespace: string, key: string, expiresAt: Date): Promise<boolean>;
}

export interface WilmaConnectorDeps {
  publicUrl: string;
  clock: Clock;
  replay: () => ReplayClaims;
  /** How long a login nonce is valid (the flow's lifetime). */
  nonceTtlSeconds: number;
  /** The user-data request's transport; default the global fetch. */
  fetch?: FetchLike | undefined;
  timeoutMs?: number;
}

/** The registry's settings of a Wilma integration. */
export const wilmaSettingsSchema = z
  .object({
    kind: z.literal('wilma'),
    hostname: z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, 'must be a host name'),
    /** Overrides `https://<hostname>` (tests against a fake Wilma; http only in deploymentPhase test). */
    baseUrl: httpUrlSchema.optional(),
  })
  .strict();

/** What `start` keeps in the flow: the nonce Wilma must sign back, and when it was issued. */
export const wilmaFlowStateSchema = z.object({
  nonce: z.string().regex(/^[A-Za-z0-9]{24}$/),
  issuedAt: z.number(),
});
export type WilmaFlowState = z.infer<typeof wilmaFlowStateSchema>;

/** Passi's return address for a Wilma integration: the `redirectto` base Wilma signs its answer against. */
export function wilmaCallbackPath(flowName: string): string {
  return `/upstream/wilma/${encodeURIComponent(flowName)}/callback`;
}

/** Wilma's base URL: https://<hostname>, or the test-phase override. */
export function wilmaBaseUrl(integration: UpstreamIntegration): string {
  const s = settingsOf(wilmaSettingsSchema, integration);
  return (s.baseUrl ?? `https://${s.hostname}`).replace(/\/+$/, '');
}

function sharedSecret(integration: UpstreamIntegration): string {
  return requiredSecret(integration, 'sharedSecret', 'the Wilma shared secret');
}

/**
 * Wilma (https://wiki.eduuni.fi/display/OPHPALV/Wilma-integration): the HMAC-SHA256 signed redirect protocol and the signed user-data
 * fetch. Passi → `<wilma>/mpass?redirectto=<callback?nonce=…>[&forceauth=true]&h=…`; Wilma →
 * `<callback>?nonce=…&userid=…&h=…`; then `GET <wilma>/external/mpass?username=…&nonce=…&h=…` → JSON.
 */
export function createWilmaConnector(deps: WilmaConnectorDeps): UpstreamConnector<WilmaFlowState> {
  const limits = {
    ...OUTBOUND_LIMITS.wilma,
    ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }),
  };
  const callbackUrl = (flowName: string) =>
    `${deps.publicUrl.replace(/\/+$/, '')}${wilmaCallbackPath(flowName)}`;

  return {
    type: 'wilma',
    readState: flowStateReader(wilmaFlowStateSchema, 'a Wilma login'),
    async start({ flow, integration }) {
      const secret = sharedSecret(integration);
      const nonce = alphanumericNonce(24);
      const redirectto = `${callbackUrl(integration.flowName)}?nonce=${nonce}`;
      let url = `${wilmaBaseUrl(integration)}/mpass?redirectto=${encodeURIComponent(redirectto)}`;
      if (flow.request.forceAuthn) url += '&forceauth=true';
      return {
        action: { kind: 'redirect', location: signWilmaUrl(secret, url) },
        upstream: { nonce, issuedAt: deps.clock.now().getTime() },
      };
    },

    async finish({ integration, http, state }) {
      const secret = sharedSecret(integration);
      const signed = verifyWilmaQuery(secret, callbackUrl(integration.flowName), http.rawQuery);
      ensure(
        signed !== undefined,
        ErrorCodes.UPSTREAM_ANSWER_INVALID,
        'the answer from Wilma is not signed correctly',
      );
      const params = new URLSearchParams(signed);
      const nonce = single(params, 'nonce');
      const userid = single(params, 'userid');
      ensure(
        nonce !== undefined && constantTimeEqual(nonce, state.nonce),
        ErrorCodes.UPSTREAM_ANSWER_MISMATCH,
        'the answer from Wilma belongs to another login',
      );
      const now = deps.clock.now().getTime();
      ensure(
        now - state.issuedAt <= deps.nonceTtlSeconds * 1000,
        ErrorCodes.FLOW_EXPIRED,
        'the Wilma login took too long',
      );
      const expiresAt = new Date(state.issuedAt + deps.nonceTtlSeconds * 1000);
      ensure(
        await deps.replay().claim('wilma-nonce', `${integration.id}:${nonce}`, expiresAt),
        ErrorCodes.REPLAY,
        'this answer from Wilma was already used',
      );
      if (userid === undefined || userid === '' || userid.length > 256)
        fail(ErrorCodes.UPSTREAM_FAILED, 'Wilma did not tell who logged in');
      const attributes = await fetchUser(integration, secret, userid);
      return {
        integrationId: integration.id,
        flowName: integration.flowName,
        attributes,
        authnInstant: new Date(now).toISOString(),
      };
    },
  };

  async function fetchUser(integration: UpstreamIntegration, secret: string, userid: string) {
    const unsigned = `${wilmaBaseUrl(integration)}/external/mpass?username=${encodeURIComponent(userid)}&nonce=${alphanumericNonce(16)}`;
    const url = `${unsigned}&h=${wilmaHmac(secret, unsigned)}`;
    // Reported to the service as a failed school login (login-flow.ts), whatever went wrong here.
    const failed = (message: string, cause?: unknown) =>
      new PassiError(ErrorCodes.UPSTREAM_FAILED, message, { cause, detail: { integration: integration.id } });
    // Timeout, size cap, redirects and the error codes: the outbound client (docs/architecture.md).
    const outbound = createOutboundClient({
      peer: 'Wilma',
      limits,
      codes: BACK_CHANNEL_CODES,
      fetch: deps.fetch,
      detail: { integration: integration.id },
    });
    const body = await outbound.json(url);
    const attributes = wilmaUserAttributes(userid, body);
    if (!attributes) throw failed('Wilma sent no user data');
    return attributes;
  }
}

function single(params: URLSearchParams, name: string): string | undefined {
  const all = params.getAll(name);
  return all.length === 1 ? all[0] : undefined;
}
