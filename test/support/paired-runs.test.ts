import { describe, expect, it } from 'vitest';
import { baseRunsFirst, readProxiedFigures, summarisePairs } from '../../bench/support/paired-runs.ts';

/** The proxied-login benchmark's output as it prints it (two scenarios, the half-load phase of one). */
const OUTPUT = `Proxied login benchmark: 1000 logins per scenario, 4 concurrent, store embedded (on disk, login state: memory); school IdPs and load client in their own processes, CPU = Passi’s process only
node:crypto RSA-2048: sign 0.280 ms  verify 0.028 ms  OAEP decrypt 0.276 ms

saml-plain: SAML service ← Passi ← SAML school (signed assertion)
  warm-up 2000 logins first (not counted below): Passi CPU 7.73 ms/login, V8's optimising compiler still at work
  RSA baseline 0.59 ms = sign AuthnRequest (RSA-2048) + verify assertion (RSA-2048) + sign assertion (RSA-2048)
  logins/s 138.5  p50 27.0 ms  p99 66.1 ms  Passi CPU 6.66 ms/login = 11.3× baseline; goal ≤ 1.88 ms: NOT met
  added by Passi (without the school IdP's time) p50 18.9 ms p99 56.2 ms; 6.0 log lines per login; event loop busy 6.51 ms/login; load client CPU 2.10 ms/login
  Passi's threads: event loop 4.99 ms/login on a CPU + 1.74 ms/login waiting for one; the other threads (V8's compiler and collector helpers, libuv's pool) 1.67 ms/login
  half load: max 156.3 logins/s (closed loop at 4: 138.5, at 8: 156.3); open loop at 78.2 logins/s, 1000 logins, achieved 79.4/s
    login latency p50 17.8 ms p99 143.5 ms; added by Passi p50 12.0 ms p99 130.1 ms; goal p99 < 20 ms: NOT met

oidc-plain: OIDC service (code + PKCE) ← Passi ← SAML school (signed assertion)
  warm-up 5000 logins first (not counted below): Passi CPU 9.11 ms/login, V8's optimising compiler still at work
  logins/s 110.0  p50 33.6 ms  p99 76.2 ms  Passi CPU 8.57 ms/login = 15.8× baseline; goal ≤ 1.81 ms: NOT met
  PostgreSQL server CPU 2.38 ms/login (its backends for this run's connections); Passi + server 10.95 ms/login

saml-adfs: SAML service ← Passi ← ADFS-style school (signed Response, encrypted assertion)
  logins/s 330.1  p50 11.0 ms  p99 25.0 ms  Passi CPU 2.88 ms/login = 3.7× baseline; goal ≤ 2.10 ms: NOT met
  Passi's threads: event loop 2.07 ms/login on a CPU + 0.87 ms/login waiting for one; the other threads (V8's compiler and collector helpers, libuv's pool) 0.52 ms/login; PGlite's thread 0.11 ms/login
`;

describe('readProxiedFigures', () => {
  it('reads each scenario’s measured figures, not the warm-up’s', () => {
    const figures = readProxiedFigures(OUTPUT);
    expect([...figures.keys()]).toEqual(['saml-plain', 'oidc-plain', 'saml-adfs']);
    expect(figures.get('saml-plain')).toEqual({
      passiCpu: 6.66,
      loopOnCpu: 4.99,
      loopWaiting: 1.74,
      otherThreads: 1.67,
    });
    // A run that printed no thread times (not on Linux) still has its CPU figure; on PostgreSQL, the
    // server's CPU beside it.
    expect(figures.get('oidc-plain')).toEqual({ passiCpu: 8.57, postgresServer: 2.38 });
    // On the embedded store the line ends with PGlite's thread, which is not the other threads' figure.
    expect(figures.get('saml-adfs')).toEqual({
      passiCpu: 2.88,
      loopOnCpu: 2.07,
      loopWaiting: 0.87,
      otherThreads: 0.52,
      pgliteThread: 0.11,
    });
  });

  it('finds nothing in output without a scenario', () => {
    expect(readProxiedFigures('Proxied login benchmark\n  logins/s 1  Passi CPU 1.00 ms/login').size).toBe(0);
  });
});

describe('summarisePairs', () => {
  it('gives the head against the base pair by pair', () => {
    const s = summarisePairs([
      { base: 5, head: 4 },
      { base: 4, head: 4.5 },
      { base: 6, head: 5 },
      { base: 5 }, // the head's run printed no such figure: left out
    ]);
    expect(s).toEqual({
      pairs: 3,
      baseMean: 5,
      headMean: 4.5,
      meanDifference: -0.5,
      smallestDifference: -1,
      largestDifference: 0.5,
      headLower: 2,
    });
  });

  it('has nothing to say without a complete pair', () => {
    expect(summarisePairs([{ head: 1 }])).toBeUndefined();
  });
});

describe('baseRunsFirst', () => {
  it('swaps the order from pair to pair', () => {
    expect([0, 1, 2, 3].map(baseRunsFirst)).toEqual([true, false, true, false]);
  });
});
