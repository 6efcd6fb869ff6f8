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
  },
});
