import type { Clock } from '../../core/clock.ts';
import { ErrorCodes } from '../../core/error-codes.ts';
import { fail, isPassiError } from '../../core/errors.ts';
import type { ResolutionProblem } from '../../core/resolved-identity.ts';
import { INTERNAL_NAMES } from '../../model/attribute-mapping.ts';
import { resolveIdentity } from '../../model/resolve-identity.ts';
import { createOrgdataIndex } from '../../orgdata/orgdata-lookup.ts';
import type { Integration } from '../../registry/integration-schema.ts';
import { type AttributeStatus, attributeRows } from '../../test-service/attribute-rows.ts';
import { createGraphClientPool } from '../../upstream/entra-graph/graph-client-pool.ts';
import { graphSelectNames } from '../../upstream/entra-graph/graph-select.ts';
import { testEntraAttributes } from '../../upstream/entra-graph/test-entra-attributes.ts';
import { effectiveMapping } from '../../upstream/index.ts';
import type { Principal } from '../domain/principal.ts';
import { integrationOfOrganisation } from './integration-test-access.ts';
import { organisationRegistryOf } from './organisation-registry.ts';
import { type PortalDeps, portalStores } from './portal-deps.ts';

/** What the school's IT must fix when Graph said no (docs/portal.md "Test attributes of an Entra ID user"). */
export type EntraGraphFix = 'credentials' | 'permission' | 'property' | 'user' | 'unavailable' | 'other';

export interface EntraAttributeResult {
  name: string;
  status: AttributeStatus;
  /** Shown to the person who asked, never stored or audited. */
  values: string[];
  /** The data-model rules that dropped, refused or warned about this attribute. */
  rules: { code: string; severity: ResolutionProblem['severity']; message: string }[];
}

export type EntraAttributeTest =
  | {
      outcome: 'fetched';
      /** A login of this user would be refused (no unique id or no valid learner id). */
      blocked: boolean;
      /** The Graph properties asked for (`$select`), so a misspelt mapping is visible. */
      select: string[];
      attributes: EntraAttributeResult[];
    }
  | { outcome: 'graph-error'; fix: EntraGraphFix; message: string };

const WHAT = 'test the attributes of an Entra ID user';

/**
 * "Test attributes of a user" (MPASSid 2.2; https://wiki.eduuni.fi/display/OPHPALV/Azure+AD+-integraatio):
 * fetches one user's properties from Microsoft Graph with the integration's own app registration, without
 * a login, and runs them through the same mapping and data-model rules as a login (resolve-identity.ts),
 * so school IT sees per attribute OK, empty or error and the rule that fired.
 *
 * It reads personal data from the school's directory with the school's credentials, so it is a change-level
 * action (education provider's main user or operator, integration-test-access.ts). The audit row says who
 * asked, when and for which integration — not the user id (a UPN names a person) nor any value.
 *
 * A fresh Graph client per test: no token survives from before a secret was corrected, so the
 * answer always reflects the credentials as they are now.
 */
export async function testEntraUserAttributes(
  deps: PortalDeps,
  principal: Principal,
  ids: { organisationId: string; integrationId: string },
  userId: string,
  ip: string,
): Promise<EntraAttributeTest> {
  const integration = await entraTestIntegration(deps, principal, ids, ip);
  if (integration.type !== 'entra')
    fail(ErrorCodes.REQUEST_INVALID, 'the attribute test works for Entra ID integrations only');
  const wanted = userId.trim();
  if (wanted === '' || wanted.length > 256 || /[\s/\\?]/.test(wanted))
    fail(ErrorCodes.REQUEST_INVALID, 'give the user’s object id or user principal name (name@school.fi)');

  const entry = (await organisationRegistryOf(deps).cache.current()).integrations.get(integration.id);
  const secrets = entry?.secrets ?? {};
  const graph = createGraphClientPool({ clock: deps.clock });
  const result = await fetchAndResolve(deps, integration, secrets, wanted, graph);
  await portalStores(deps.db, deps.clock).audit.record({
    actor: principal.personId,
    action: 'entra-attribute-test',
    organisationId: ids.organisationId,
    subject: integration.id,
    ip,
    detail:
      result.outcome === 'fetched'
        ? { outcome: result.outcome, blocked: result.blocked }
        : { outcome: result.outcome, fix: result.fix },
  });
  return result;
}

/**
 * The integration the test is about, for the page as for the test: the same rule (change-level, another
 * organisation's integration under this one's path is 404 and audited like any refusal).
 */
export async function entraTestIntegration(
  deps: PortalDeps,
  principal: Principal,
  ids: { organisationId: string; integrationId: string },
  ip: string,
): Promise<Integration> {
  try {
    return await integrationOfOrganisation(deps, principal, ids, { what: WHAT, change: true }, ip);
  } catch (e) {
    if (isPassiError(e) && e.code === ErrorCodes.NOT_FOUND) await auditRefusal(deps, principal, ids, ip);
    throw e;
  }
}

async function fetchAndResolve(
  deps: { clock: Clock; joining?: PortalDeps['joining'] },
  integration: Integration,
  secrets: Record<string, string>,
  userId: string,
  graph: ReturnType<typeof createGraphClientPool>,
): Promise<EntraAttributeTest> {
  const override = integration.mapping;
  const mapping = effectiveMapping('entra', override);
  // The same `$select` as a login (entra-module.ts): the school's own names and the Graph defaults.
  const select = graphSelectNames({
    configured: INTERNAL_NAMES.flatMap((n) => override[n] ?? []),
    defaults: INTERNAL_NAMES.filter((n) => override[n] === undefined).map((n) => mapping[n]),
  });
  let fetched: Awaited<ReturnType<typeof testEntraAttributes>>;
  try {
    fetched = await testEntraAttributes(
      {
        id: integration.id,
        type: integration.type,
        flowName: integration.flowName,
        organisationOid: integration.organisationOid,
        settings: integration.settings,
        secrets,
      },
      userId,
      { graph, select },
    );
  } catch (e) {
    if (isPassiError(e) && e.code.startsWith('PASSI_UPSTREAM_'))
      return { outcome: 'graph-error', fix: fixOf(e.code, e.message), message: e.message };
    throw e;
  }
  const identity = resolveIdentity({
    integrationId: integration.id,
    flowName: integration.flowName,
    integrationType: integration.type,
    mapping,
    raw: fetched.attributes,
    orgdata: deps.joining?.orgdata() ?? createOrgdataIndex([]),
    allowedSchoolOrganisationOids: integration.restrictSchoolsToOrganisation
      ? [integration.organisationOid]
      : undefined,
    homeOrganisationOid: integration.organisationOid,
  });
  return {
    outcome: 'fetched',
    blocked: identity.blocked,
    select: fetched.select,
    attributes: attributeRows(identity.attributes, identity.problems).map((row) => ({
      name: row.name,
      status: row.status,
      values: row.values,
      rules: identity.problems
        .filter((p) => p.attributes.includes(row.name))
        .map((p) => ({ code: p.code, severity: p.severity, message: p.message })),
    })),
  };
}

/** graph-client.ts words each refusal for the school; this sorts it for the localised advice. */
function fixOf(code: string, message: string): EntraGraphFix {
  if (code === ErrorCodes.UPSTREAM_CONFIG_INVALID || /app credentials|access token/.test(message))
    return 'credentials';
  if (/\(403\)/.test(message)) return 'permission';
  if (/user property/.test(message)) return 'property';
  if (/\(404\)/.test(message)) return 'user';
  if (code === ErrorCodes.UPSTREAM_UNREACHABLE || /\((429|5\d\d)\)/.test(message)) return 'unavailable';
  return 'other';
}

async function auditRefusal(
  deps: PortalDeps,
  principal: Principal,
  ids: { organisationId: string; integrationId: string },
  ip: string,
): Promise<void> {
  await portalStores(deps.db, deps.clock).audit.record({
    actor: principal.personId,
    action: 'access-refused',
    organisationId: principal.organisationId,
    subject: ids.organisationId,
    ip,
    detail: { what: WHAT, integrationId: ids.integrationId, role: principal.role },
  });
}
