import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Suites boot real stores (PGlite in WASM, PostgreSQL); two cores on CI machines.
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
    // expect.poll waits for things a browser does after a debounce and a fetch (discovery type-ahead
    // announces after 120 ms + request + 400 ms); vitest's 1 s default flaked on a loaded CI machine.
    expect: { poll: { timeout: 15_000 } },
  },
});
