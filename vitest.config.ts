import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './tests/summary-reporter.ts'],
    // flatgeobuf's HTTP reader and its index search log each range request and tree node with
    // console.debug (node_modules/flatgeobuf/lib/mjs: every call's opening words); not test output.
    onConsoleLog: (log, type) =>
      !(
        type === 'stdout' &&
        /^(opened reader|tree items:|starting stream search|popped node:|Merging "nodeRange"|Same level, but too far|Pushing new (level|feature batch)|fetching header|magic bytes look good|headerLength:|completed: opening http reader|final feature|requesting for new Range|\S+ bytes used\/requested|request: #)/.test(log)
      ),
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
