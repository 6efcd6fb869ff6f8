/**
 * The connector contract (docs/architecture.md "Connectors: one contract, one table"): everything Passi needs
 * to know about one integration type, declared once in its folder (`src/upstream/<type>/<type>-module.ts`)
 * and listed in the one table (src/upstream/index.ts). The registry's type list and settings union, the
 * mapping defaults, the composition root, the return routes and the integration report all read it.
 */
import type { z } from 'zod';
import type { Clock } from '../core/clock.ts';
import { ErrorCodes } from '../core/error-codes.ts';
import { fail } from '../core/errors.ts';
import type { UpstreamConnector, UpstreamIntegration } from '../core/flow/ports.ts';
import type { AttributeMapping, AttributeMappingOverride } from '../model/attribute-mapping.ts';
import type { FetchLike } from '../outbound/outbound-fetch.ts';
import type { ReplayCache } from '../store/state/replay-cache.ts';
import type { GraphClient } from './entra-graph/graph-client.ts';
import type { SamlSpDeps } from './saml/saml-sp-connector.ts';

/** The one argument every connector factory takes; each picks what it needs. */
export interface ConnectorDeps {
  config: { publicUrl: string; flowTtlSeconds: number; clockSkewSeconds: number };
  clock: Clock;
  replay: () => ReplayCache;
  /** An integration's mapping override from the registry (Entra selects Graph properties by it). */
  mappingOverride: (integrationId: string) => Promise<AttributeMappingOverride>;
  /** The shared SAML SP (ADFS, Google, Entra over SAML, generic SAML). */
  samlSp: SamlSpDeps;
  /** One Microsoft Graph client per pair of base URLs (entra-graph/graph-client-pool.ts). */
  graph: (graphBaseUrl: string | undefined, loginBaseUrl: string | undefined) => GraphClient;
  /**
   * The transport of Wilma's user-data request; undefined (always, outside tests) is the global fetch.
   * Only the composition root's `AppOptions.upstreamFetch` sets it, so that a test can reach a fake Wilma
   * under a real host name over https (test/support/mapped-https-fetch.ts); the outbound client's
   * timeout, size cap and redirect rules apply to it unchanged.
   */
  upstreamFetch?: FetchLike;
}

/**
 * Where the school sends the browser back: one route per path, shared by every type that lists it (the
 * SAML ACS serves ADFS, Google, SAML and Entra over SAML). `:flowName` names the integration.
 */
export interface ReturnRoute {
  method: 'GET' | 'POST';
  /** Fastify paths with `:flowName`; all of them do the same. */
  paths: readonly string[];
  /** A protocol message in the body (a SAML POST): the protocol surface's body limit, not the pages'. */
  protocolBody?: boolean;
  /** Mounted by the connector's own page routes (the test directory's login form), not by the table. */
  ownPage?: boolean;
  /**
   * The address exists only for an active integration this route serves (the SAML ACS, listed per
   * integration in the SP metadata): any other `:flowName` is 404, before the flow is looked at.
   */
  perIntegrationEndpoint?: boolean;
}

/** A connector's return route and, when the type logs in more than one way, which integrations use it. */
export interface ModuleReturnRoute {
  route: ReturnRoute;
  /** By the integration's settings as stored; default: every integration of the type. */
  serves?(settings: Readonly<Record<string, unknown>>): boolean;
}

/** Passi's public addresses, for the values school IT copies. */
export interface PublicUrls {
  /** `publicUrl` without a trailing slash. */
  base: string;
}

/** One labelled value school IT enters on their side (the integration report, the portal wizard). */
export interface ConfigureValue {
  label: string;
  value: string;
}

/** An integration as the registry holds it, with this type's settings. */
export interface ModuleIntegration<S> {
  id: string;
  flowName: string;
  settings: S;
}

export interface ConnectorModule<
  T extends string,
  S extends z.ZodType<{ kind: string }> = z.ZodType<{ kind: string }>,
  F extends z.ZodType = z.ZodType,
> {
  type: T;
  /** The registry's settings for this type (`kind` names the family; SAML IdP types share one). */
  settings: S;
  /** What `start` saves in the flow; parsed before `finish` runs. */
  flowState: F;
  /** Names of the write-only secrets the connector reads (`integration.secrets`). */
  secrets: readonly string[];
  /** The school's attribute name for each internal name, unless the integration overrides it. */
  defaultMapping: AttributeMapping;
  /** `true` when the type needs no settings (the registry fills in `{ kind }`). */
  settingsOptional?: boolean;
  /** Settings holding URLs that must be https outside deploymentPhase test. */
  httpsOnly?(settings: z.output<S>): [name: string, url: string | undefined][];
  returnRoutes: readonly ModuleReturnRoute[];
  /** What school IT configures on their side for this integration. */
  configure(integration: ModuleIntegration<z.output<S>>, urls: PublicUrls): ConfigureValue[];
  create(deps: ConnectorDeps): UpstreamConnector<z.output<F>>;
}

/** Declares a module with its types inferred from its schemas. */
export function connectorModule<T extends string, S extends z.ZodType<{ kind: string }>, F extends z.ZodType>(
  module: ConnectorModule<T, S, F>,
): ConnectorModule<T, S, F> {
  return module;
}

/**
 * A connector's state reader from its flow-state schema: a flow without the state this connector's `start`
 * saved cannot have sent the request this answer claims to answer.
 */
export function flowStateReader<F extends z.ZodType>(
  schema: F,
  what: string,
): (upstream: Record<string, unknown> | undefined) => z.output<F> {
  return (upstream) => {
    const parsed = schema.safeParse(upstream ?? {});
    if (!parsed.success) fail(ErrorCodes.UPSTREAM_ANSWER_MISMATCH, `this login did not send ${what}`);
    return parsed.data;
  };
}

/** Reads an integration's settings with its module's schema (the registry validated them already). */
export function settingsOf<S extends z.ZodType>(schema: S, integration: UpstreamIntegration): z.output<S> {
  const parsed = schema.safeParse(integration.settings);
  if (!parsed.success) {
    fail(
      ErrorCodes.UPSTREAM_CONFIG_INVALID,
      `the ${integration.type} settings are invalid (integration ${integration.id})`,
    );
  }
  return parsed.data;
}

/** A secret the connector cannot work without. */
export function requiredSecret(integration: UpstreamIntegration, name: string, what: string): string {
  const secret = integration.secrets[name];
  if (!secret)
    fail(ErrorCodes.UPSTREAM_CONFIG_INVALID, `${what} is not configured (integration ${integration.id})`);
  return secret;
}
