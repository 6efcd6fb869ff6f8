/**
 * What the generic API tests (api-conformance, api-cross-organisation, api-csrf) know about every operation of
 * API_OPERATIONS without being edited when operations are added: its scope by the path convention
 * (docs/portal.md "How the portal is tested"), how to fill its path, and — only where it cannot be
 * derived — an example of a valid call.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppServices } from '../../src/composition/app-services.ts';
import { createLoginDailyRepository } from '../../src/ops/statistics/login-daily-repository.ts';
import type { ApiOperation } from '../../src/portal/api/api-operation.ts';
import { API_BASE } from '../../src/portal/api/openapi-document.ts';
import { invitePerson } from '../../src/portal/commands/invite-person.ts';
import { joinApplicationSchema } from '../../src/portal/commands/join-application-schema.ts';
import type { PortalDeps } from '../../src/portal/commands/portal-deps.ts';
import { createProductionIntegration } from '../../src/portal/commands/production-integration.ts';
import { requestAgreement } from '../../src/portal/commands/service-agreements.ts';
import { submitJoinApplication } from '../../src/portal/commands/submit-join-application.ts';
import { currentTerms } from '../../src/portal/commands/terms-of-service.ts';
import { verifyJoinApplication } from '../../src/portal/commands/verify-join-application.ts';
import type { Principal } from '../../src/portal/domain/principal.ts';
import { createIntegrationTestStore } from '../../src/portal/store/integration-test-store.ts';
import { buildIdpMetadata } from '../../src/protocols/saml/idp-metadata.ts';
import { testKey } from '../../src/protocols/saml/test-kit.ts';
import { serviceSchema } from '../../src/registry/service-schema.ts';
import type { Db } from '../../src/store/database.ts';
import { flushWritesBehind } from '../support/flush-writes-behind.ts';
import type { TestApp } from '../support/test-app.ts';

export type OperationScope = 'public' | 'personal' | 'organisation' | 'operator';

/** The one path parameter that names an organisation (docs/portal.md "JSON API"). */
export const ORGANISATION_PARAM = 'organisationId';

export const pathParams = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');

export const describeOp = (op: ApiOperation) => `${op.operationId} (${op.method.toUpperCase()} ${op.path})`;

/** The scope of an operation by its path, or why its path breaks the convention. */
export function scopeOf(op: ApiOperation): { scope: OperationScope } | { problem: string } {
  const params = pathParams(op.path);
  const orgLike = params.filter((p) => p !== ORGANISATION_PARAM && /org/i.test(p));
  if (orgLike.length > 0) return { problem: `names an organisation by {${orgLike.join('}, {')}}` };
  if (
    op.path.startsWith('/organisations/') &&
    !op.path.startsWith(`/organisations/{${ORGANISATION_PARAM}}`)
  ) {
    return { problem: `continues /organisations/ with something other than {${ORGANISATION_PARAM}}` };
  }
  if (params.includes(ORGANISATION_PARAM)) {
    if (!op.path.startsWith(`/organisations/{${ORGANISATION_PARAM}}`)) {
      return { problem: `has {${ORGANISATION_PARAM}} outside /organisations/{${ORGANISATION_PARAM}}/…` };
    }
    if (op.auth === 'none') return { problem: 'reads or changes an organisation without authentication' };
    return { scope: 'organisation' };
  }
  if (op.auth === 'none') return { scope: 'public' };
  if (op.path.startsWith('/operator/')) return { scope: 'operator' };
  if (/^\/(me|tokens)(\/|$)/.test(op.path)) return { scope: 'personal' };
  return {
    problem:
      'is neither under /organisations/{organisationId}/, /operator/, /me or /tokens, nor public: the cross-organisation test cannot tell who may call it',
  };
}

export function hasScope(op: ApiOperation, scope: OperationScope): boolean {
  const s = scopeOf(op);
  return 'scope' in s && s.scope === scope;
}

export interface ApiAnswer {
  status: number;
  body: unknown;
}

/** One call of the JSON API with fixed credentials; `path` is the filled path under API_BASE. */
export type ApiCall = (method: string, path: string, body?: unknown) => Promise<ApiAnswer>;

export interface ExampleContext {
  app: TestApp;
  organisationId: string;
}

/** A valid call of an operation where one cannot be derived from its schemas. */
export interface OperationExample {
  /**
   * Path parameters other than organisationId; may create what they name through the API or the command
   * layer of `app`, in the organisation the call will name.
   */
  params?: (api: ApiCall, ctx: ExampleContext) => Promise<Record<string, string>>;
  /** A request body the operation accepts. */
  body?: unknown;
  /** Query parameters of a valid call, where the operation reads some (computed at call time: "now" moves). */
  query?: () => Record<string, string>;
}

/** A valid 2×2 greyscale PNG (docs/portal.md "Logos"). */
const TINY_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAAAAABX3VL4AAAAC0lEQVR4nGNgAAEAAAYAAf6MZ8gAAAAASUVORK5CYII=';

/**
 * Examples keyed by operationId. Needed only for an operation with a request body that `{}` does not satisfy,
 * or with path parameters besides organisationId; the conformance test lists every operation that needs
 * one and has none.
 */
export const OPERATION_EXAMPLES: Record<string, OperationExample> = {
  createToken: { body: { name: 'generic API test', expiresInDays: 1 } },
  revokeToken: {
    params: async (api) => {
      const created = await api('post', '/tokens', { name: 'to be revoked', expiresInDays: 1 });
      const id = z.object({ id: z.string() }).safeParse(created.body);
      if (!id.success) throw new Error(`could not create a token to revoke: ${JSON.stringify(created)}`);
      return { id: id.data.id };
    },
  },
  saveOrganisationContacts: {
    body: { contacts: [{ kind: 'technical', name: 'Tea Tekninen', email: 'tea@example.fi' }] },
  },
  switchWeeklySummary: { body: { on: false } },
  invitePerson: { body: { email: 'invited-by-api-test@example.fi', role: 'education-viewer' } },
  removePerson: {
    params: async (_api, { app, organisationId }) => {
      const email = `to-be-removed-${++sequence}@example.fi`;
      await invitePerson(commandDeps(app), {
        email,
        organisationId,
        role: 'education-viewer',
        invitedBy: 'test',
      });
      const person = await app.services.db
        .selectFrom('portal_person')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      return { personId: person.id };
    },
  },
  submitJoinApplication: { body: joinBody(9_000, 1) },
  approveJoinApplication: { params: async (_api, { app }) => ({ id: await verifiedApplication(app) }) },
  rejectJoinApplication: {
    params: async (_api, { app }) => ({ id: await verifiedApplication(app) }),
    body: { reason: 'Not an education provider.' },
  },
  getOrganisationStatistics: { query: () => ({ from: '2026-01-01', to: '2026-01-31' }) },
  getOrganisationDataQuality: { query: () => ({ from: '2026-01-01', to: '2026-01-31' }) },
  traceOrganisationLogins: {
    // A window of the last two hours, with a service and a school (docs/operations.md "Support trace").
    query: () => ({
      from: new Date(Date.now() - 7_200_000).toISOString().slice(0, 16),
      to: new Date().toISOString().slice(0, 16),
      serviceId: 'attribute-test-saml',
      school: '30076',
    }),
  },
  createIntegration: { body: wilmaIntegrationBody() },
  getIntegration: { params: async (_api, ctx) => ({ integrationId: await importedIntegration(ctx) }) },
  updateIntegration: {
    params: async (_api, ctx) => ({ integrationId: await importedIntegration(ctx) }),
    body: {
      settings: { hostname: 'muutettu.inschool.fi' },
      discovery: { displayName: { fi: 'Muutettu Wilma' } },
    },
  },
  previewSamlMetadata: { body: { metadataXml: schoolIdpMetadataXml() } },
  listIntegrationTestLogins: {
    // The organisation is checked first: for another organisation the demo integration id is as good as any.
    params: async () => ({ integrationId: '4000001' }),
  },
  createProductionIntegration: {
    params: async (_api, { app, organisationId }) => ({
      integrationId: await testedIntegration(app, organisationId),
    }),
  },
  approveProductionIntegration: {
    params: async (_api, { app }) => {
      const deps = {
        ...commandDeps(app),
        registry: { cache: app.services.registry, repo: app.services.repo },
        productionIntegrationsNeedApproval: true,
      };
      const organisationId = '1.2.246.562.99.00000000001';
      const created = await createProductionIntegration(
        deps,
        {
          personId: 'generic-api-test',
          email: 'generic-api-test@example.fi',
          displayName: 'generic API test',
          organisationId: 'passi',
          role: 'operator',
          via: 'session',
        },
        { organisationId, integrationId: await testedIntegration(app, organisationId) },
        {},
        '192.0.2.1',
      );
      return { integrationId: created.integrationId };
    },
  },
  testEntraUserAttributes: {
    params: async (_api, ctx) => ({ integrationId: await entraIntegration(ctx) }),
    body: { userId: 'pupil@rajapintatesti.example' },
  },
  createServiceSet: { body: { name: { fi: 'Rajapintatestin palvelut' } } },
  createService: {
    body: {
      protocol: 'oidc',
      name: { en: 'API test RP' },
      redirectUris: ['https://rp.example.org/callback'],
    },
  },
  getService: { params: async (_api, ctx) => ({ serviceId: await exampleService(ctx, false) }) },
  updateService: {
    params: async (_api, ctx) => ({ serviceId: await exampleService(ctx, false) }),
    body: { expectedRevision: 1, name: { en: 'API example, renamed' }, status: 'inactive' },
  },
  rotateServiceSecret: {
    params: async (_api, ctx) => ({ serviceId: await exampleService(ctx, false) }),
    body: { overlapDays: 7 },
  },
  createProductionService: {
    params: async (_api, ctx) => ({ serviceId: await exampleService(ctx, true) }),
  },
  requestServiceAgreement: {
    params: async (_api, { app }) => ({ serviceId: await byAgreementService(app, SERVICE_PROVIDER) }),
  },
  withdrawServiceAgreement: {
    params: async (_api, { app, organisationId }) => {
      const serviceId = await byAgreementService(app, SERVICE_PROVIDER);
      await requestAgreement(agreementDeps(app), EXAMPLE_OPERATOR, organisationId, serviceId, 'test');
      return { serviceId };
    },
  },
  acceptAgreementRequest: { params: async (_api, ctx) => ({ requestId: await openRequest(ctx) }) },
  declineAgreementRequest: {
    params: async (_api, ctx) => ({ requestId: await openRequest(ctx) }),
    body: { reason: 'Not for this age group.' },
  },
  getIntegrationHistory: { params: async () => ({ integrationId: DEMO_INTEGRATION }) },
  restoreIntegrationVersion: {
    params: async (_api, { app }) => ({
      integrationId: DEMO_INTEGRATION,
      versionId: await newestVersion(app, 'integration', DEMO_INTEGRATION),
    }),
  },
  getServiceHistory: {
    params: async (_api, { app, organisationId }) => ({ serviceId: await serviceOf(app, organisationId) }),
  },
  restoreServiceVersion: {
    params: async (_api, { app, organisationId }) => {
      const serviceId = await serviceOf(app, organisationId);
      return { serviceId, versionId: await newestVersion(app, 'service', serviceId) };
    },
  },
  uploadIntegrationLogo: {
    params: async () => ({ integrationId: DEMO_INTEGRATION }),
    body: { contentBase64: TINY_PNG },
  },
  uploadServiceLogo: {
    params: async (_api, { app, organisationId }) => ({ serviceId: await serviceOf(app, organisationId) }),
    body: { contentBase64: TINY_PNG },
  },
  publishTermsVersion: {
    body: {
      fi: 'Käyttöehdot, uusi versio rajapintatestistä.',
      sv: 'Användarvillkor, ny version från API-testet.',
      en: 'Terms of service, a new version from the API test.',
    },
  },
};

let sequence = 0;

/** The demo registry's integration of its education provider (demo/registry.yaml). */
const DEMO_INTEGRATION = '4000001';

/** The id of the newest version (audit log row) of a registry entity. */
async function newestVersion(app: TestApp, kind: string, entityId: string): Promise<string> {
  const row = await app.services.db
    .selectFrom('audit_log')
    .select('id')
    .where('entity_kind', '=', kind)
    .where('entity_id', '=', entityId)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return String(row.id);
}

/** A SAML service of `organisationId`, made once per organisation through the registry repository. */
async function serviceOf(app: TestApp, organisationId: string): Promise<string> {
  const id = `api-test-${organisationId.replaceAll('.', '-')}`;
  await app.services.repo.upsertMany(
    [
      {
        kind: 'service',
        doc: serviceSchema.parse({
          id,
          organisationOid: organisationId,
          name: { fi: 'Rajapintatestin palvelu' },
          protocol: 'saml',
          deploymentPhase: 'test',
          serviceSets: ['attribute-test'],
          saml: {
            entityId: `https://${id}.example/saml`,
            acs: [{ location: `https://${id}.example/acs`, index: 0, isDefault: true }],
          },
        }),
      },
    ],
    'test',
  );
  return id;
}

/** The demo registry's service provider (demo/registry.yaml). */
const SERVICE_PROVIDER = '1.2.246.562.99.00000000099';

const EXAMPLE_OPERATOR: Principal = {
  personId: 'api-example',
  email: 'api-example@example.fi',
  displayName: 'API example',
  organisationId: 'passi',
  role: 'operator',
  via: 'token',
};

/** The command layer's dependencies with the app's registry, for the agreement examples. */
function agreementDeps(app: TestApp): PortalDeps {
  return { ...commandDeps(app), registry: { cache: app.services.registry, repo: app.services.repo } };
}

/** A new service by agreement owned by `owner` (docs/registry.md "Services by agreement"); its id. */
async function byAgreementService(app: TestApp, owner: string): Promise<string> {
  const id = `agreement-example-${++sequence}`;
  const doc = serviceSchema.parse({
    id,
    organisationOid: owner,
    name: { fi: `Sopimuspalvelu ${sequence}`, en: `Service by agreement ${sequence}` },
    serviceSets: ['attribute-test'],
    access: 'agreement',
    protocol: 'oidc',
    oidc: { clientId: `${id}-client`, redirectUris: [`https://${id}.example/callback`] },
  });
  await app.services.repo.upsertMany([{ kind: 'service', doc }], 'test');
  return id;
}

/** An open request of `organisationId` for a new service that `organisationId` itself owns. */
async function openRequest({ app, organisationId }: ExampleContext): Promise<string> {
  const serviceId = await byAgreementService(app, organisationId);
  const deps = agreementDeps(app);
  return (await requestAgreement(deps, EXAMPLE_OPERATOR, organisationId, serviceId, 'test')).id;
}

/**
 * A test-phase OIDC service of the organisation, written to the registry directly; `tested` also counts a
 * completed login to it in the daily statistics (what a production copy needs, docs/portal.md "Services").
 */
async function exampleService({ app, organisationId }: ExampleContext, tested: boolean): Promise<string> {
  const n = ++sequence;
  const id = `api-example-${n}`;
  await app.services.repo.upsertMany(
    [
      {
        kind: 'serviceSet',
        doc: { id: `api-example-set-${n}`, name: { en: 'API example' }, organisationOid: organisationId },
      },
      {
        kind: 'service',
        doc: serviceSchema.parse({
          id,
          organisationOid: organisationId,
          name: { en: 'API example' },
          protocol: 'oidc',
          serviceSets: [`api-example-set-${n}`],
          oidc: { clientId: `api-example-client-${n}`, redirectUris: ['https://rp.example.org/callback'] },
          clientSecret: randomUUID() + randomUUID(),
        }),
      },
    ],
    'test',
  );
  if (tested)
    await createLoginDailyRepository(app.services.db).count({
      day: new Date().toISOString().slice(0, 10),
      serviceId: id,
      integrationId: '4000001',
      school: '',
      role: '',
      outcome: 'completed',
    });
  return id;
}

/** A Wilma integration as the API creates it: no live check reaches the network (docs/integrations/wilma.md). */
function wilmaIntegrationBody() {
  return {
    type: 'wilma',
    settings: { hostname: 'rajapintatesti.inschool.fi' },
    secrets: { sharedSecret: 'wilma-shared-secret-for-the-api-test' },
    discovery: { displayName: { fi: 'Rajapintatestin Wilma' } },
  };
}

/** A Wilma integration of `organisationId`, imported into the registry (any organisation, like an operator's import). */
async function importedIntegration({ app, organisationId }: ExampleContext): Promise<string> {
  const id = String(7_100_000 + ++sequence);
  await app.importYaml(`
integrations:
  - id: "${id}"
    organisationOid: ${organisationId}
    type: wilma
    flowName: rajapintatesti-${id}
    settings: { kind: wilma, hostname: rajapintatesti.inschool.fi }
    secrets: { sharedSecret: wilma-shared-secret-for-the-api-test }
`);
  return id;
}

/**
 * An Entra ID test integration of `organisationId` whose Microsoft endpoints refuse connections: the attribute
 * test answers 200 with the Graph error (docs/portal.md "Test attributes of an Entra ID user"), no network.
 */
async function entraIntegration({ app, organisationId }: ExampleContext): Promise<string> {
  const id = String(7_200_000 + ++sequence);
  await app.importYaml(`
integrations:
  - id: "${id}"
    organisationOid: ${organisationId}
    type: entra
    flowName: rajapintatesti-entra-${id}
    deploymentPhase: test
    settings:
      kind: entra
      tenantId: 3f1c2a3b-1111-4222-8333-944455556666
      clientId: 0a1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff
      login: oidc
      loginBaseUrl: "http://127.0.0.1:9"
      graphBaseUrl: "http://127.0.0.1:9"
    secrets: { clientSecret: entra-secret-for-the-api-test }
`);
  return id;
}

/** Valid school IdP metadata with a fresh certificate (the preview reads it as a save would). */
function schoolIdpMetadataXml(): string {
  const credential = testKey('api-test-school-idp').credential;
  return buildIdpMetadata(
    {
      entityId: 'https://idp.rajapintatesti.example/idp',
      validUntil: new Date(Date.now() + 7 * 86_400_000),
      signingCertificatesPem: [credential.certificatePem],
      ssoRedirectUrl: 'https://idp.rajapintatesti.example/sso',
      ssoPostUrl: 'https://idp.rajapintatesti.example/sso',
      displayName: { en: 'API test school IdP' },
    },
    credential,
  );
}

/** A new test integration of `organisationId` with a passed test login now (docs/portal.md "Test login and production"). */
async function testedIntegration(app: TestApp, organisationId: string): Promise<string> {
  const id = String(4_009_000 + ++sequence);
  await app.importYaml(`
integrations:
  - id: "${id}"
    organisationOid: ${organisationId}
    type: oidc
    flowName: ApiTest${id}
    deploymentPhase: test
    settings: { kind: oidc, issuer: "https://idp-${id}.example", clientId: api-test }
`);
  await createIntegrationTestStore(app.services.db).recordResult({
    organisationId,
    integrationId: id,
    personId: 'generic-api-test',
    at: new Date(),
    protocol: 'saml',
    passed: true,
    problems: { attributes: [], rules: [] },
  });
  return id;
}

/** The command layer's dependencies over a test app, mail dropped. */
function commandDeps(app: TestApp): PortalDeps {
  return {
    db: app.services.db,
    box: app.services.box,
    clock: app.services.clock,
    mailer: { send: async () => {} },
    publicUrl: app.baseUrl,
  };
}

/** A valid Y-tunnus numbered `n` (check digit: weights 7 9 10 5 8 4 2, mod 11; remainder 1 is skipped). */
function businessIdFor(n: number): string {
  for (let body = 2_000_000 + n * 10; ; body++) {
    const digits = String(body).padStart(7, '0');
    const sum = [7, 9, 10, 5, 8, 4, 2].reduce((s, w, i) => s + w * Number(digits[i]), 0);
    const r = sum % 11;
    if (r !== 1) return `${digits}-${r === 0 ? 0 : 11 - r}`;
  }
}

/** A complete service provider's application numbered `n`, accepting terms version `terms`. */
function joinBody(n: number, terms: number) {
  return {
    kind: 'service',
    name: `Rajapintatesti ${n} Oy`,
    street: 'Koodikatu 3',
    postalCode: '00100',
    city: 'Helsinki',
    businessId: businessIdFor(n),
    contactName: 'Aino Api',
    contactEmail: `aino.${n}@rajapinta.example`,
    contactPhone: '+358 50 765 4321',
    acceptTerms: true,
    termsVersion: terms,
    organisationOid: `1.2.246.562.99.${String(90_000_000_000 + n).padStart(11, '0')}`,
  };
}

/** An application whose e-mail is verified, ready for the operator (through the command layer). */
export async function verifiedApplication(app: TestApp): Promise<string> {
  const deps = commandDeps(app);
  const terms = await currentTerms(deps);
  if (!terms) throw new Error('no terms of service published in the test app');
  const n = ++sequence;
  const ip = `198.51.100.${n % 250}`;
  const { id, verifyLink } = await submitJoinApplication(
    deps,
    joinApplicationSchema.parse(joinBody(n, terms.id)),
    ip,
  );
  const opened = await verifyJoinApplication(deps, new URL(verifyLink).searchParams.get('token') ?? '', ip);
  if (!opened.ok) throw new Error(`could not verify the example application: ${JSON.stringify(opened)}`);
  return id;
}

/** The body to send for a valid call, or undefined when neither an example nor `{}` will do. */
export function validBody(op: ApiOperation): { body: unknown } | undefined {
  if (!op.body) return { body: undefined };
  const example = OPERATION_EXAMPLES[op.operationId];
  if (example && 'body' in example) return { body: example.body };
  return op.body.safeParse({}).success ? { body: {} } : undefined;
}

/** The body to send where any body will do (the call is refused before the body is read): the example or `{}`. */
export const someBody = (op: ApiOperation): unknown =>
  op.body ? (OPERATION_EXAMPLES[op.operationId]?.body ?? {}) : undefined;

/** Path parameters besides organisationId that an operation needs. */
export const otherParams = (op: ApiOperation) => pathParams(op.path).filter((p) => p !== ORGANISATION_PARAM);

/** A value of the right look for a parameter nobody created (an id that names nothing). */
export const plausibleId = (name: string) => (/id$/i.test(name) ? randomUUID() : `example-${name}`);

/** The example's query string for a valid call of `op`, `?a=1&b=2`, or '' when it has none. */
export function exampleQuery(op: ApiOperation): string {
  const query = OPERATION_EXAMPLES[op.operationId]?.query?.();
  return query ? `?${new URLSearchParams(query).toString()}` : '';
}

export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) =>
    encodeURIComponent(values[name] ?? plausibleId(name)),
  );
}

/** Calls in a safe order: reads first, then creations and changes, removals last. */
export function inCallOrder(ops: readonly ApiOperation[]): ApiOperation[] {
  const rank = (m: string) => (m === 'get' ? 0 : m === 'delete' ? 2 : 1);
  return [...ops].sort((a, b) => rank(a.method) - rank(b.method));
}

/** What api-routes.ts answers on every refusal: `{ error: { code, message, errorId, issues? } }`. */
export const apiErrorSchema = z
  .object({
    error: z
      .object({
        code: z.string().regex(/^PASSI_[A-Z_]+$/),
        message: z.string(),
        errorId: z.string().min(1),
        issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      })
      .strict(),
  })
  .strict();

export const errorCode = (answer: ApiAnswer): string | undefined => {
  const parsed = apiErrorSchema.safeParse(answer.body);
  return parsed.success ? parsed.data.error.code : undefined;
};

/** Credentials of the JSON API: a personal token, or the session cookie with (or without) a CSRF header. */
export type ApiCredentials = { bearer: string } | { cookie: string; csrf?: string };

export function apiClient(baseUrl: string, credentials: ApiCredentials | undefined): ApiCall {
  return async (method, path, body) => {
    const headers: Record<string, string> = {};
    if (credentials && 'bearer' in credentials) headers.authorization = `Bearer ${credentials.bearer}`;
    if (credentials && 'cookie' in credentials) headers.cookie = `passi_portal=${credentials.cookie}`;
    if (credentials && 'cookie' in credentials && credentials.csrf !== undefined) {
      headers['x-csrf-token'] = credentials.csrf;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}${API_BASE}${path}`, {
      method: method.toUpperCase(),
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: kept as text so a failure message shows it.
    }
    return { status: res.status, body: parsed };
  };
}

/**
 * Every row of every table, to show that a refused call changed nothing. Left out: the portal's audit trail
 * (refusals are written there on purpose), the rate limiter's counters (every request counts) and the
 * times a session or token was last seen or used.
 */
export async function storeSnapshot(
  services: Pick<AppServices, 'db' | 'writesBehind'>,
): Promise<Map<string, string>> {
  // What earlier logins decided, written behind them on the embedded store, is in the snapshot, so that
  // its write landing between two snapshots is not taken for a change.
  await flushWritesBehind(services.writesBehind);
  const { db } = services;
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const snapshot = new Map<string, string>();
  for (const { table_name } of tables.rows) {
    if (VOLATILE_TABLES.has(table_name)) continue;
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table_name)}`.execute(db);
    const stable = rows.rows
      .map((r) => JSON.stringify(Object.entries(r).filter(([column]) => !VOLATILE_COLUMNS.has(column))))
      .sort();
    snapshot.set(table_name, stable.join('\n'));
  }
  return snapshot;
}

const VOLATILE_TABLES = new Set(['portal_audit', 'rate_limit']);
const VOLATILE_COLUMNS = new Set(['last_seen_at', 'last_used_at']);

/** The tables whose rows differ between two snapshots. */
export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => before.get(n) !== after.get(n)).sort();
}

/** The newest portal audit row id, to find the rows a call wrote. */
export async function lastAuditId(db: Db): Promise<number> {
  const row = await db
    .selectFrom('portal_audit')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

export async function auditSince(db: Db, afterId: number) {
  return db
    .selectFrom('portal_audit')
    .select(['action', 'organisation_id', 'subject'])
    .where('id', '>', String(afterId))
    .orderBy('id')
    .execute();
}
