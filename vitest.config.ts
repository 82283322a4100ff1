import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './tests/summary-reporter.ts'],
    // flatgeobuf's HTTP reader logs each range request with console.debug; not test output.
    onConsoleLog: (log, type) => !(type === 'stdout' && /^(fetching header|requesting for new Range|magic bytes look good|headerLength:|completed: opening http reader)/.test(log)),
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          // Builds the app once (layers → FlatGeobuf, vite build) and serves dist/ on loopback.
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
