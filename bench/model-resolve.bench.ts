/**
 * Resolutions per second for a realistic multi-school teacher (docs/performance.md), next to a baseline
 * measured in the same run: a JSON round trip of the same raw attributes. The ratio is what to compare
 * across machines. Run: `node bin/run-ts.js bench/model-resolve.bench.ts`.
 */
import { performance } from 'node:perf_hooks';
import type { RawAttributes } from '../src/core/upstream-identity.ts';
import { toOidcClaims } from '../src/model/render-oidc-claims.ts';
import { toSamlAttributes } from '../src/model/render-saml-attributes.ts';
import { resolveIdentity } from '../src/model/resolve-identity.ts';
import { bundledOrganisations } from '../src/orgdata/bundled-snapshot.ts';
import { createOrgdataIndex } from '../src/orgdata/orgdata-lookup.ts';
import { defaultMapping } from '../src/upstream/index.ts';

const orgdata = createOrgdataIndex(bundledOrganisations());
const mapping = defaultMapping('adfs');

// A teacher in four schools (one given as a vocational office OID), a role and a class per school.
const raw: RawAttributes = {
  mpassUserIdentity: ['3f2504e0-4f89-11d3-9a0c-0305e82c3301'],
  firstName: ['Maija-Liisa'],
  surname: ['Virtanen-Åkerblöm'],
  nickName: ['Maija'],
  learnerId: ['1.2.246.562.24.10000000016'],
  schoolCode: ['30076;99977;1.2.246.562.99.00000000005;99974'],
  userRole: ['Opettaja;Rehtori;teacher;lärare'],
  class: ['9F;L1A;TVP1;7B'],
  classLevel: ['9'],
  learningMaterialsCharge: ['1'],
};

function resolveOnce(): number {
  const identity = resolveIdentity({
    integrationId: '4000001',
    flowName: 'Adfs4000001',
    integrationType: 'adfs',
    mapping,
    raw,
    orgdata,
  });
  return toSamlAttributes(identity.attributes).length + Object.keys(toOidcClaims(identity.attributes)).length;
}

function baselineOnce(): number {
  return Object.keys(JSON.parse(JSON.stringify(raw))).length;
}

function opsPerSecond(fn: () => number, ms: number): number {
  let sink = 0;
  for (let i = 0; i < 2000; i++) sink += fn();
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 500; i++) sink += fn();
    n += 500;
    elapsed = performance.now() - start;
  }
  if (sink < 0) console.log(sink);
  return (n / elapsed) * 1000;
}

const ms = Number(process.env.BENCH_MS ?? 1500);
const baseline = opsPerSecond(baselineOnce, ms);
const resolutions = opsPerSecond(resolveOnce, ms);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`model-resolve: multi-school teacher (4 schools), resolve + SAML + OIDC rendering`);
console.log(`  resolutions/s          ${fmt(resolutions)}`);
console.log(`  baseline JSON trip/s   ${fmt(baseline)}`);
console.log(`  ratio resolve/baseline ${(resolutions / baseline).toFixed(3)}`);
