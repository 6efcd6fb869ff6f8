/**
 * One Passi (createTestApp) with SAML school integrations whose IdPs are local SchoolIdp servers, plus
 * the helpers the SAML SP suites share: refresh the stored IdP metadata, start a login through the
 * attribute test service, and read what the store holds (replay entries, sessions, live flows).
 */
import { sql } from 'kysely';
import { toUpstreamIntegration } from '../../../src/registry/registry-directory.ts';
import { refreshAllIdpMetadata } from '../../../src/upstream/saml/idp-metadata-schedule.ts';
import { BrowserlessClient, type BrowserResponse } from '../../support/browserless-client.ts';
import { flushWritesBehind } from '../../support/flush-writes-behind.ts';
import { createTestApp, type TestApp, type TestAppOptions } from '../../support/test-app.ts';
import { type IdpShape, type SchoolIdp, type SchoolIdpOptions, startSchoolIdp } from './school-idp.ts';

export const MANSIKKALA = '1.2.246.562.99.00000000001';

/** A Mansikkala student as §4.2's ADFS/Google names carry it (test learner id branch 98). */
export function adfsStudent(n: number, extra: Record<string, string[]> = {}): Record<string, string[]> {
  return {
    mpassUserIdentity: [`adfs-user-${n}`],
    firstName: [`Testi${n}`],
    surname: [`Oppilas${n}`],
    nickName: [`Kutsumanimi${n}`],
    learnerId: [`1.2.246.562.98.${20000000000 + n}`],
    schoolCode: ['30076'],
    userRole: ['Oppilas'],
    class: ['9F'],
    classLevel: ['9'],
    learningMaterialsCharge: ['1'],
    ...extra,
  };
}

export interface SchoolSpec {
  id: string;
  flowName: string;
  type: 'adfs' | 'google' | 'saml' | 'entra';
  shape: IdpShape;
  /** Extra integration settings (beyond kind + metadataUrl). */
  settings?: Record<string, unknown>;
  mapping?: Record<string, string>;
  secrets?: Record<string, string>;
  idp?: Partial<SchoolIdpOptions>;
}

export interface SamlSpWorld {
  t: TestApp;
  idps: Map<string, SchoolIdp>;
  idp(flowName: string): SchoolIdp;
  refreshMetadata(): Promise<{ integrationId: string; error: string }[]>;
  /** Starts a login at the SAML attribute test service with the school preselected; returns the IdP's auto-POST page. */
  startLogin(
    flowName: string,
    browser?: BrowserlessClient,
    face?: 'saml' | 'oidc',
  ): Promise<{ browser: BrowserlessClient; idpPage: BrowserResponse }>;
  /** Rows a login writes: replay entries, SSO sessions, unconsumed flows, login reports for services. */
  counts(): Promise<{ replay: number; sessions: number; liveFlows: number; reports: number }>;
  close(): Promise<void>;
}

export async function startSamlSpWorld(
  schools: SchoolSpec[],
  options: TestAppOptions & { baseUrlForIdp?: string } = {},
): Promise<SamlSpWorld> {
  // The IdPs learn Passi's SP metadata URL once Passi listens (they fetch it per request, like ADFS auto-update).
  let passiUrl = '';
  const idps = new Map<string, SchoolIdp>();
  for (const s of schools) {
    idps.set(
      s.flowName,
      await startSchoolIdp({ shape: s.shape, spMetadataUrl: () => `${passiUrl}/sp/metadata`, ...s.idp }),
    );
  }
  const integrations = schools.map((s) => {
    const idp = idps.get(s.flowName);
    return {
      id: s.id,
      organisationOid: MANSIKKALA,
      type: s.type,
      flowName: s.flowName,
      deploymentPhase: 'test',
      settings: { kind: s.type === 'entra' ? 'entra' : 'saml', metadataUrl: idp?.metadataUrl, ...s.settings },
      mapping: s.mapping ?? {},
      discovery: { displayName: { fi: s.flowName, en: s.flowName }, showSchools: true },
      ...(s.secrets ? { secrets: s.secrets } : {}),
    };
  });
  const t = await createTestApp({ ...options, registry: JSON.stringify({ integrations }) });
  passiUrl = t.baseUrl;
  const refreshMetadata = refreshAllIdpMetadata({
    store: t.services.upstreamMetadata,
    integrations: async () =>
      [...(await t.services.registry.current()).integrations.values()].map(toUpstreamIntegration),
  });
  const failures = await refreshMetadata();
  if (failures.length > 0) throw new Error(`metadata refresh failed: ${JSON.stringify(failures)}`);

  return {
    t,
    idps,
    idp(flowName) {
      const idp = idps.get(flowName);
      if (!idp) throw new Error(`no IdP for ${flowName}`);
      return idp;
    },
    refreshMetadata,
    async startLogin(flowName, browser = new BrowserlessClient(), face = 'saml') {
      const idpPage = await browser.getFollow(
        `${t.baseUrl}/test-service/${face}/login?lang=en&flow=${flowName}`,
      );
      return { browser, idpPage };
    },
    async counts() {
      // What the logins so far decided, written behind them on the embedded store, is counted too.
      await flushWritesBehind(t.services.writesBehind);
      const n = async (q: string) => {
        const r = await sql<{ n: number }>`${sql.raw(q)}`.execute(t.services.db);
        return r.rows[0]?.n ?? 0;
      };
      // On the embedded store the flows and the school answers' ids are in Passi's memory (docs/performance.md).
      const memory = t.services.memoryState;
      return {
        replay: memory
          ? memory.replayKeys()
          : await n(`SELECT count(*)::int AS n FROM replay WHERE namespace LIKE 'saml-sp-%'`),
        sessions: await n('SELECT count(*)::int AS n FROM session'),
        liveFlows: memory
          ? memory.flows()
          : await n('SELECT count(*)::int AS n FROM flow WHERE consumed_at IS NULL'),
        reports: await n('SELECT count(*)::int AS n FROM login_report'),
      };
    },
    async close() {
      await t.close();
      for (const idp of idps.values()) await idp.close();
    },
  };
}
