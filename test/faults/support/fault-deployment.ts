import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { importRegistry } from '../../../src/registry/import-registry.ts';
import {
  createRegistryRepository,
  type RegistryRepository,
} from '../../../src/registry/registry-repository.ts';
import { createSecretBox } from '../../../src/store/secret-box.ts';
import { createTestDb, TEST_POSTGRES_URL, type TestDb } from '../../../src/store/testing/test-db.ts';
import { oidcTestRegistry } from '../../oidc/oidc-test-kit.ts';
import { type PassiNode, spawnPassiNode, startPassiNode } from './passi-node.ts';
import { type PausableTcpProxy, startPausableTcpProxy } from './pausable-tcp-proxy.ts';
import { type Balancer, startBalancer } from './round-robin-balancer.ts';

export interface FaultDeployment {
  /** The deployment's public URL (the balancer). */
  publicUrl: string;
  nodes: PassiNode[];
  /** Between the nodes and PostgreSQL. */
  proxy: PausableTcpProxy;
  /** The registry, written as an administrator on another node would. */
  repo: RegistryRepository;
  /** Starts one more node process (not behind the balancer) without waiting for it to be ready. */
  spawnNode(): Promise<PassiNode>;
  /** Terminates the nodes' database connections (only this deployment's: by application_name). */
  terminateConnections(): Promise<number>;
  close(): Promise<void>;
}

const demo = readFileSync(new URL('../../../demo/registry.yaml', import.meta.url), 'utf8');

/**
 * A deployment of `nodeCount` Passi processes on one PostgreSQL schema, behind a round-robin balancer,
 * each node reaching the database through a proxy the test can break. Every node connection carries an
 * application_name unique to this deployment, so a test terminates only its own connections.
 */
export async function startFaultDeployment(
  nodeCount: number,
  env: Record<string, string> = {},
): Promise<FaultDeployment> {
  const secretKey = randomBytes(32).toString('base64');
  const t: TestDb = await createTestDb('postgresql');
  const repo = createRegistryRepository(t.db, createSecretBox(Buffer.from(secretKey, 'base64')));
  const options = { publicUrl: 'http://placeholder.invalid', now: new Date(), actor: 'test' };
  const target = new URL(TEST_POSTGRES_URL);
  const proxy = await startPausableTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const applicationName = `passi_fault_${randomBytes(4).toString('hex')}`;
  const nodeDbUrl = new URL(t.url ?? '');
  nodeDbUrl.host = `127.0.0.1:${proxy.port}`;
  nodeDbUrl.searchParams.set('application_name', applicationName);
  const nodes: PassiNode[] = [];
  const extra: PassiNode[] = [];
  const balancer: Balancer = await startBalancer(() => nodes.map((n) => n.url));
  // The registry holds the balancer's URL (redirect URIs are the RP's; the public URL matters for SAML).
  await importRegistry(repo, demo, { ...options, publicUrl: balancer.url });
  await importRegistry(repo, (await oidcTestRegistry()).yaml, { ...options, publicUrl: balancer.url });
  const nodeEnv = () => ({
    DATABASE_URL: nodeDbUrl.toString(),
    PASSI_SECRET_KEY: secretKey,
    PASSI_PUBLIC_URL: balancer.url,
    PASSI_DEMO_DATA: 'off',
    ...env,
  });
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    // One after another: concurrent first starts on an empty schema are another fault's subject.
    for (let i = 0; i < nodeCount; i++) nodes.push(await startPassiNode(nodeEnv()));
  } catch (e) {
    await Promise.all(nodes.map((n) => n.stop()));
    await balancer.close();
    await proxy.close();
    await admin.end();
    await t.close();
    throw e;
  }
  return {
    publicUrl: balancer.url,
    nodes,
    proxy,
    repo,
    async spawnNode() {
      const node = await spawnPassiNode(nodeEnv());
      extra.push(node);
      return node;
    },
    async terminateConnections() {
      const r = await admin.query(
        'select pg_terminate_backend(pid) as done from pg_stat_activity where application_name = $1',
        [applicationName],
      );
      return r.rows.length;
    },
    async close() {
      await Promise.all([...nodes, ...extra].map((n) => n.stop()));
      await balancer.close();
      await proxy.close();
      await admin.end();
      await t.close();
    },
  };
}
