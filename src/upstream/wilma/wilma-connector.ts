import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { constantTimeEqual } from '../../core/constant-time-equal.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { PassiError } from '../../core/errors.ts';
import type { UpstreamConnector, UpstreamIntegration } from '../../core/flow/ports.ts';
import { createOutboundClient } from '../../outbound/outbound-fetch.ts';
import { OUTBOUND_LIMITS } from '../../outbound/outbound-limits.ts';
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
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const settingsSchema = z.object({
  hostname: z.string().min(1),
  /** Tests only (deploymentPhase test, enforced by the registry): `http://127.0.0.1:<port>` instead of https://<hostname>. */
  baseUrl: z.string().optional(),
});

const upstreamSchema = z.object({ nonce: z.string().regex(/^[A-Za-z0-9]{24}$/), issuedAt: z.number() });

/** Passi's return address for a Wilma integration: the `redirectto` base Wilma signs its answer against. */
export function wilmaCallbackPath(flowName: string): string {
  return `/upstream/wilma/${encodeURIComponent(flowName)}/callback`;
}

/** Wilma's base URL: https://<hostname>, or the test-phase override. */
export function wilmaBaseUrl(integration: UpstreamIntegration): string {
  const s = settingsSchema.safeParse(integration.settings);
  if (!s.success) throw configError(integration, 'Wilma settings are invalid');
  return (s.data.baseUrl ?? `https://${s.data.hostname}`).replace(/\/+$/, '');
}

function sharedSecret(integration: UpstreamIntegration): string {
  const secret = integration.secrets.sharedSecret;
  if (!secret) throw configError(integration, 'the Wilma shared secret is not configured');
  return secret;
}

function configError(integration: UpstreamIntegration, message: string): PassiError {
  return new PassiError(ErrorCodes.CONFIG_INVALID, `${message} (integration ${integration.id})`, {
    status: 500,
  });
}

/**
 * Wilma (https://wiki.eduuni.fi/display/OPHPALV/Wilma-integration): the HMAC-SHA256 signed redirect protocol and the signed user-data
 * fetch. Passi → `<wilma>/mpass?redirectto=<callback?nonce=…>[&forceauth=true]&h=…`; Wilma →
 * `<callback>?nonce=…&userid=…&h=…`; then `GET <wilma>/external/mpass?username=…&nonce=…&h=…` → JSON.
 */
export function createWilmaConnector(deps: WilmaConnectorDeps): UpstreamConnector {
  const limits = {
    ...OUTBOUND_LIMITS.wilma,
    ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }),
  };
  const callbackUrl = (flowName: string) =>
    `${deps.publicUrl.replace(/\/+$/, '')}${wilmaCallbackPath(flowName)}`;

  return {
    type: 'wilma',
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

    async finish({ flow, integration, http }) {
      const secret = sharedSecret(integration);
      const signed = verifyWilmaQuery(secret, callbackUrl(integration.flowName), http.rawQuery);
      if (signed === undefined) {
        throw new PassiError(ErrorCodes.SIGNATURE_INVALID, 'the answer from Wilma is not signed correctly', {
          status: 400,
        });
      }
      const params = new URLSearchParams(signed);
      const nonce = single(params, 'nonce');
      const userid = single(params, 'userid');
      const state = upstreamSchema.safeParse(flow.upstream);
      if (!state.success || nonce === undefined || !constantTimeEqual(nonce, state.data.nonce)) {
        throw new PassiError(
          ErrorCodes.FLOW_STATE_INVALID,
          'the answer from Wilma belongs to another login',
          {
            status: 400,
          },
        );
      }
      const now = deps.clock.now().getTime();
      if (now - state.data.issuedAt > deps.nonceTtlSeconds * 1000) {
        throw new PassiError(ErrorCodes.FLOW_EXPIRED, 'the Wilma login took too long', { status: 400 });
      }
      const expiresAt = new Date(state.data.issuedAt + deps.nonceTtlSeconds * 1000);
      if (!(await deps.replay().claim('wilma-nonce', `${integration.id}:${nonce}`, expiresAt))) {
        throw new PassiError(ErrorCodes.REPLAY, 'this answer from Wilma was already used', { status: 400 });
      }
      if (userid === undefined || userid === '' || userid.length > 256) {
        throw new PassiError(ErrorCodes.UPSTREAM_FAILED, 'Wilma did not tell who logged in', { status: 502 });
      }
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
    const failed = (message: string, cause?: unknown) =>
      new PassiError(ErrorCodes.UPSTREAM_FAILED, message, {
        status: 502,
        cause,
        detail: { integration: integration.id },
      });
    // Timeout, size cap, redirects and the error codes: the outbound client (docs/architecture.md).
    const outbound = createOutboundClient({
      peer: 'Wilma',
      limits,
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
