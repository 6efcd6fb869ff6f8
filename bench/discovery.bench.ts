/**
 * School search and page rendering over 5,000 schools in 400 integrations (target, docs/performance.md: p99 below
 * 5 ms per search on this machine). The baseline, measured in the same run, is a naive linear scan: every
 * entry's text pre-joined and normalised, each query word checked with `includes` (no typo tolerance,
 * no ranking). The ratio is what to compare across machines.
 * Run: `node bin/run-ts.js bench/discovery.bench.ts`.
 *
 * SYNTHETIC DATA, generated below: invented Finnish-looking names, test OID branch 1.2.246.562.99.*,
 * school codes 10000–14999. No real schools or organisations.
 */
import { performance } from 'node:perf_hooks';
import { buildEntries } from '../src/discovery/build-entries.ts';
import type { DiscoveryEntry } from '../src/discovery/discovery-entry.ts';
import { renderDiscoveryPage } from '../src/discovery/discovery-page.tsx';
import { normalise, normaliseQuery } from '../src/discovery/normalise.ts';
import { resultsView } from '../src/discovery/results-view.ts';
import { createSchoolDirectory } from '../src/discovery/school-directory.ts';
import { createSearchIndex } from '../src/discovery/search-index.ts';
import type { Organisation } from '../src/orgdata/organisation.ts';
import { type Integration, integrationSchema } from '../src/registry/integration-schema.ts';

const PROVIDERS = 400;
const SCHOOLS = 5000;

// A deterministic pseudo-random sequence, so every run measures the same data and queries.
let seed = 7;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] ?? (items[0] as T);
const SYLLABLES = [
  'mä',
  'ki',
  'lah',
  'ti',
  'jär',
  'vi',
  'kos',
  'ken',
  'saa',
  'ri',
  'pel',
  'to',
  'hon',
  'ka',
  'nie',
  'mi',
  'ou',
  'lu',
  'vaa',
  'ra',
  'ylö',
  'joen',
  'suo',
  'ran',
];
const KINDS = [
  'koulu',
  'yläkoulu',
  'alakoulu',
  'lukio',
  'yhtenäiskoulu',
  'ammattiopisto',
  'musiikkiopisto',
  'kansalaisopisto',
];
const word = () => {
  const n = 2 + Math.floor(rand() * 3);
  let w = '';
  for (let i = 0; i < n; i++) w += pick(SYLLABLES);
  return w.charAt(0).toUpperCase() + w.slice(1);
};
const oid = (n: number) => `1.2.246.562.99.${String(n).padStart(11, '0')}`;

const organisations: Organisation[] = [];
const integrations: Integration[] = [];
const municipalities: string[] = [];
for (let p = 0; p < PROVIDERS; p++) {
  const municipality = word();
  municipalities.push(municipality);
  organisations.push({
    oid: oid(p + 1),
    kind: 'koulutustoimija',
    names: { fi: `${municipality}n kaupunki` },
    active: true,
    source: 'synthetic bench data',
  });
  integrations.push(
    integrationSchema.parse({
      id: `${4000001 + p}`,
      organisationOid: oid(p + 1),
      type: 'test-directory',
      flowName: `Bench${p}`,
      discovery: { displayName: { fi: `${municipality} (perusaste)` } },
    }),
  );
}
for (let s = 0; s < SCHOOLS; s++) {
  const provider = s % PROVIDERS;
  const name = `${rand() < 0.4 ? `${municipalities[provider]}n ` : ''}${word()}n ${pick(KINDS)}`;
  organisations.push({
    oid: oid(100_000 + s),
    kind: 'oppilaitos',
    names: rand() < 0.15 ? { fi: name, sv: `${word()} skola` } : { fi: name },
    schoolCode: String(10_000 + s),
    institutionType: pick(['11', '15', '21', '61', '64']),
    parentOid: oid(provider + 1),
    active: true,
    source: 'synthetic bench data',
  });
}

const buildStart = performance.now();
const entries = buildEntries(integrations, createSchoolDirectory(organisations));
const index = createSearchIndex(entries);
const buildMs = performance.now() - buildStart;

// Queries as children type them: prefixes of names, whole names, municipalities, codes, one typo.
const queries: string[] = [];
for (let i = 0; i < 2000; i++) {
  const e = pick(entries);
  const name = e.name.fi ?? '';
  const r = rand();
  if (r < 0.3) queries.push(name.slice(0, 2 + Math.floor(rand() * 8)));
  else if (r < 0.5) queries.push(name);
  else if (r < 0.65) queries.push(pick(municipalities).slice(0, 5));
  else if (r < 0.75) queries.push(e.school?.slice(0, 3 + Math.floor(rand() * 3)) ?? '100');
  else {
    const at = 1 + Math.floor(rand() * (name.length - 2));
    queries.push(`${name.slice(0, at)}${name.slice(at + 1)}`.slice(0, 12)); // one letter dropped
  }
}

// Baseline: linear `includes` scan over pre-normalised text.
const haystacks = entries.map((e: DiscoveryEntry) =>
  normalise(
    [
      ...Object.values(e.name),
      ...Object.values(e.group.name),
      ...e.keywords.flatMap((k) => Object.values(k)),
      e.school ?? '',
    ].join(' '),
  ),
);
const baselineSearch = (q: string) => {
  const words = normaliseQuery(q).words;
  let n = 0;
  for (const h of haystacks) if (words.length && words.every((w) => h.includes(w))) n++;
  return n;
};
const indexSearch = (q: string) =>
  index.search(normaliseQuery(q), { lang: 'fi', remembered: new Set(), limit: 50 }).total;

function latencies(fn: (q: string) => number): { p50: number; p99: number; mean: number } {
  let sink = 0;
  for (const q of queries.slice(0, 200)) sink += fn(q); // warm-up
  const times: number[] = [];
  for (const q of queries) {
    const t0 = performance.now();
    sink += fn(q);
    times.push(performance.now() - t0);
  }
  if (sink < 0) console.log(sink);
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), mean: times.reduce((a, b) => a + b, 0) / times.length };
}

function renderTime(q: string, runs = 200): number {
  const render = () =>
    renderDiscoveryPage({
      lang: 'fi',
      serviceName: 'Bench service',
      query: q,
      recent: [],
      view: resultsView(index, normaliseQuery(q), 'fi', new Set()),
      logoUrl: () => undefined,
      formToken: 'test-form-token',
    }).length;
  for (let i = 0; i < 20; i++) render();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) render();
  return (performance.now() - t0) / runs;
}

const base = latencies(baselineSearch);
const idx = latencies(indexSearch);
const ms = (n: number) => `${n.toFixed(3)} ms`;
console.log(
  `discovery: ${entries.length} entries (${SCHOOLS} synthetic schools, ${PROVIDERS} integrations), ${queries.length} queries`,
);
console.log(`  build entries + index     ${ms(buildMs)}`);
console.log(
  `  search p50 / p99 / mean   ${ms(idx.p50)} / ${ms(idx.p99)} / ${ms(idx.mean)}   (target p99 < 5 ms)`,
);
console.log(
  `  baseline includes-scan    ${ms(base.p50)} / ${ms(base.p99)} / ${ms(base.mean)}   (no typos, no ranking)`,
);
console.log(
  `  ratio index/baseline p50  ${(idx.p50 / base.p50).toFixed(2)}   p99 ${(idx.p99 / base.p99).toFixed(2)}`,
);
console.log(`  page render, search (50)  ${ms(renderTime('koulu'))}`);
console.log(`  page render, providers    ${ms(renderTime(''))}   (${PROVIDERS} providers listed, no query)`);
