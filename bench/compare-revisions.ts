/**
 * `npm run bench:compare -- <base revision> [pairs]`: the proxied-login benchmark on a base revision and
 * on this working tree, in alternating runs, with the head's figures against the base's pair by pair
 * (docs/performance.md "Comparing two revisions"). The base is checked out in a temporary git worktree
 * that uses this tree's node_modules, so both sides must have the same package-lock.json.
 *
 * Each run is `bench/saml-proxied-login.bench.ts` with the environment given here; unless set, the
 * comparison runs only plain SAML (BENCH_SCENARIOS=saml-plain), without the half-load phase and the HTTP
 * floor, whose figures it does not compare. Four pairs by default, a few minutes.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  baseRunsFirst,
  FIGURE_NAMES,
  type ProxiedFigures,
  readProxiedFigures,
  summarisePairs,
} from './support/paired-runs.ts';

const [baseArg, pairsArg] = process.argv.slice(2);
if (!baseArg) {
  console.error('usage: npm run bench:compare -- <base revision> [pairs]');
  process.exit(2);
}
const PAIRS = Number(pairsArg ?? 4);
if (!Number.isInteger(PAIRS) || PAIRS < 1) {
  console.error(`pairs must be a whole number of at least 1, not ${pairsArg}`);
  process.exit(2);
}

const head = resolve('.');
const git = (...args: string[]) => execFileSync('git', args, { cwd: head, encoding: 'utf8' }).trim();
const base = git('rev-parse', '--verify', `${baseArg}^{commit}`);
try {
  git('diff', '--quiet', base, '--', 'package-lock.json');
} catch {
  console.error(
    `${baseArg} has another package-lock.json: its code would run on this tree's dependencies. Compare revisions with the same lockfile.`,
  );
  process.exit(2);
}

const env = {
  BENCH_SCENARIOS: 'saml-plain',
  BENCH_HALF_LOAD_LOGINS: '0',
  BENCH_HTTP_FLOOR: '0',
  ...process.env,
};

function runBench(cwd: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['bin/run-ts.js', 'bench/saml-proxied-login.bench.ts'], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
    });
    child.on('error', fail);
    child.on('close', (code) =>
      code === 0 ? done(out) : fail(new Error(`the benchmark in ${cwd} exited with ${code}`)),
    );
  });
}

const folder = mkdtempSync(join(tmpdir(), 'passi-bench-base-'));
const worktree = join(folder, 'base');
git('worktree', 'add', '--detach', worktree, base);
try {
  symlinkSync(join(head, 'node_modules'), join(worktree, 'node_modules'));
  console.log(
    `base ${base.slice(0, 10)} against this tree, ${PAIRS} pairs, scenarios ${env.BENCH_SCENARIOS}`,
  );
  const runs: { base: Map<string, ProxiedFigures>; head: Map<string, ProxiedFigures> }[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const order = baseRunsFirst(i) ? ['base', 'head'] : ['head', 'base'];
    const pair: Partial<Record<'base' | 'head', Map<string, ProxiedFigures>>> = {};
    for (const side of order as ('base' | 'head')[]) {
      pair[side] = readProxiedFigures(await runBench(side === 'base' ? worktree : head));
    }
    const done = { base: pair.base ?? new Map(), head: pair.head ?? new Map() };
    runs.push(done);
    for (const [scenario, h] of done.head) {
      const b = done.base.get(scenario);
      console.log(
        `pair ${i + 1} (${order[0]} first) ${scenario}: Passi CPU base ${b?.passiCpu.toFixed(2) ?? '–'} head ${h.passiCpu.toFixed(2)} ms/login`,
      );
    }
  }
  const scenarios = new Set(runs.flatMap((r) => [...r.head.keys()]));
  if (scenarios.size === 0) throw new Error('no figures found in the benchmark output');
  for (const scenario of scenarios) {
    console.log(`\n${scenario}, head − base over the pairs (ms per login):`);
    for (const name of FIGURE_NAMES) {
      const s = summarisePairs(
        runs.map((r) => ({ base: r.base.get(scenario)?.[name], head: r.head.get(scenario)?.[name] })),
      );
      if (!s) continue;
      console.log(
        `  ${name.padEnd(14)} base ${s.baseMean.toFixed(2)}  head ${s.headMean.toFixed(2)}  ` +
          `difference ${s.meanDifference.toFixed(2)} (${s.smallestDifference.toFixed(2)} … ${s.largestDifference.toFixed(2)}), ` +
          `head lower in ${s.headLower} of ${s.pairs} pairs`,
      );
    }
  }
} finally {
  git('worktree', 'remove', '--force', worktree);
  rmSync(folder, { recursive: true, force: true });
}
