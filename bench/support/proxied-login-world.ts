/**
 * The proxied-login benchmarks' world (docs/performance.md "Proxied login"): the schools' SAML IdPs in their
 * own process (bench/support/school-idp-process.ts), Passi in the calling process with the bench registry,
 * its school metadata loaded, and the load-client arguments of each scenario.
 */
import { spawn } from 'node:child_process';
import type { LogDestination } from '../../src/http/build-server.ts';
import { toUpstreamIntegration } from '../../src/registry/registry-directory.ts';
import { refreshAllIdpMetadata } from '../../src/upstream/saml/idp-metadata-schedule.ts';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { lineReader } from './bench-children.ts';
import type { CpuPinning } from './cpu-pinning.ts';

const MANSIKKALA = '1.2.246.562.99.00000000001';
const SAML_SP = 'https://bench-sp.example.fi';
const SAML_ACS = 'https://bench-sp.example.fi/acs';
const OIDC_CLIENT = 'bench-oidc-client';
const OIDC_REDIRECT = 'https://bench-rp.example.fi/callback';

function registry(plainMetadataUrl: string, adfsMetadataUrl: string): string {
  return JSON.stringify({
    serviceSets: [{ id: 'bench', name: { fi: 'Bench' }, organisationOid: '1.2.246.562.99.00000000099' }],
    services: [
      {
        id: 'bench-sp',
        organisationOid: '1.2.246.562.99.00000000099',
        name: { fi: 'Kuormatesti SAML' },
        protocol: 'saml',
        serviceSets: ['bench'],
        alwaysAllowed: true,
        allowTestLearnerId: true,
        saml: { entityId: SAML_SP, authnRequestsSigned: false, acs: [{ location: SAML_ACS, index: 0 }] },
      },
      {
        id: 'bench-oidc',
        organisationOid: '1.2.246.562.99.00000000099',
        name: { fi: 'Kuormatesti OIDC' },
        protocol: 'oidc',
        serviceSets: ['bench'],
        alwaysAllowed: true,
        allowTestLearnerId: true,
        oidc: { clientId: OIDC_CLIENT, redirectUris: [OIDC_REDIRECT], tokenEndpointAuthMethod: 'none' },
      },
    ],
    integrations: [
      {
        id: '4000901',
        organisationOid: MANSIKKALA,
        type: 'saml',
        flowName: 'BenchPlain',
        deploymentPhase: 'test',
        settings: {
          kind: 'saml',
          metadataUrl: plainMetadataUrl,
          signAuthnRequests: true,
          requireSignedAssertion: true,
        },
        mapping: {},
        discovery: { displayName: { fi: 'BenchPlain' }, showSchools: true },
      },
      {
        id: '4000902',
        organisationOid: MANSIKKALA,
        type: 'adfs',
        flowName: 'BenchAdfs',
        deploymentPhase: 'test',
        settings: { kind: 'saml', metadataUrl: adfsMetadataUrl, requireSignedResponse: true },
        mapping: {},
        discovery: { displayName: { fi: 'BenchAdfs' }, showSchools: true },
      },
    ],
  });
}

export interface ProxiedLoginWorld {
  t: TestApp;
  /** The schools' metadata addresses. */
  urls: { plain: { metadataUrl: string }; adfs: { metadataUrl: string } };
  /** Load-client arguments (bench/support/proxied-login-client.ts) before the count, concurrency and rate. */
  clientArgs: Record<'saml-plain' | 'saml-adfs' | 'oidc-plain', string[]>;
  close(): Promise<void>;
}

/** BENCH_EMBEDDED_STORAGE: `memory` runs the embedded store in memory instead of on disk. */
export const benchEmbeddedStorage = (): 'disk' | 'memory' =>
  process.env.BENCH_EMBEDDED_STORAGE === 'memory' ? 'memory' : 'disk';

/**
 * libuv's pool threads as production runs them (PASSI_POOL_THREAD_SCHEDULING, default `batch`), or left
 * as they are with BENCH_POOL_THREAD_SCHEDULING=normal, to compare.
 */
export const benchPoolThreadScheduling = (): 'batch' | 'normal' =>
  process.env.BENCH_POOL_THREAD_SCHEDULING === 'normal' ? 'normal' : 'batch';

export async function startProxiedLoginWorld(options: {
  store: 'embedded' | 'postgresql';
  shortLivedState: 'auto' | 'store';
  /**
   * The embedded store on the data folder, as `npm start` runs it (`disk`, the default), or in memory as
   * the tests run it (`memory`: every table and WAL file is then JavaScript memory of Passi's process).
   */
  embeddedStorage?: 'disk' | 'memory';
  postgresApplicationName?: string;
  /** BENCH_PIN=1: the school IdPs' process on the other CPUs, Passi's on its own (cpu-pinning.ts). */
  pinning?: CpuPinning;
  /** Where Passi's log goes, at the production default level `info`; without it, nothing is logged. */
  logStream?: LogDestination;
  /** Passi's signing key (BENCH_SIGNING_KEY): RSA-2048 as in the tests by default; production's default is RSA-3072. */
  signingKeyType?: 'rsa-2048' | 'rsa-3072' | 'ec-p256';
}): Promise<ProxiedLoginWorld> {
  const idpProcess = spawn(process.execPath, ['bin/run-ts.js', 'bench/support/school-idp-process.ts'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  options.pinning?.pin(idpProcess.pid, 'others');
  options.pinning?.pin(process.pid, 'passi');
  const fromIdp = lineReader(idpProcess);
  const stopIdps = async () => {
    idpProcess.stdin?.end();
    const exited = new Promise((r) => idpProcess.once('exit', r));
    const timer = setTimeout(() => idpProcess.kill(), 5000);
    if (idpProcess.exitCode === null) await exited;
    clearTimeout(timer);
  };
  let t: TestApp | undefined;
  try {
    const urls = JSON.parse(await fromIdp()) as ProxiedLoginWorld['urls'];
    t = await createTestApp({
      store: options.store,
      embeddedOnDisk: options.embeddedStorage !== 'memory',
      registry: registry(urls.plain.metadataUrl, urls.adfs.metadataUrl),
      config: {
        rateLimitLoginPerMinute: 1_000_000,
        rateLimitReturnPerMinute: 1_000_000,
        // The load client redeems every OIDC login's code from one address: at 200 logins a second that
        // is the default 12,000 a minute.
        rateLimitTokenPerMinute: 1_000_000,
        shortLivedState: options.shortLivedState,
        poolThreadScheduling: benchPoolThreadScheduling(),
        ...(options.signingKeyType ? { signingKeyType: options.signingKeyType } : {}),
      },
      ...(options.postgresApplicationName
        ? { postgresApplicationName: options.postgresApplicationName }
        : {}),
      ...(options.logStream ? { logStream: options.logStream } : {}),
    });
    const app = t;
    const failed = await refreshAllIdpMetadata({
      store: app.services.upstreamMetadata,
      integrations: async () =>
        [...(await app.services.registry.current()).integrations.values()].map(toUpstreamIntegration),
    })();
    if (failed.length > 0) throw new Error(`school metadata refresh failed: ${JSON.stringify(failed)}`);
    idpProcess.stdin?.write(`${app.baseUrl}/sp/metadata\n`);
    if ((await fromIdp()) !== 'ready') throw new Error('school IdP process not ready');
    return {
      t: app,
      urls,
      clientArgs: {
        'saml-plain': ['saml', app.baseUrl, 'BenchPlain', SAML_SP, SAML_ACS],
        'saml-adfs': ['saml', app.baseUrl, 'BenchAdfs', SAML_SP, SAML_ACS],
        'oidc-plain': ['oidc', app.baseUrl, 'BenchPlain', OIDC_CLIENT, OIDC_REDIRECT],
      },
      async close() {
        await app.close();
        await stopIdps();
      },
    };
  } catch (e) {
    await t?.close();
    await stopIdps();
    throw e;
  }
}
