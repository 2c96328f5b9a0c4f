import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // a throw-away PostgreSQL for the store's contract tests (scripts/postgres-test.sh)
    globalSetup: ['test/globalSetup.postgres.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // The JSON report lets .ci/run print the plain "N passed, N failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-artifacts/vitest-results.json' },
  },
});
