import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The shared setup provides the database of the run, e2e's starts the subgraphs once for every
    // file; ours collects the suite's counts and prints the summary table once every file has finished.
    globalSetup: ['../../shared/src/testing/global-setup.ts', '../e2e/src/global-setup.ts', './src/support/summary-setup.ts'],
    include: ['src/**/*.test.ts'],
    // Every file starts a gateway in-process; sharing the module graph between the files of a worker
    // saves importing it again for each (each file still starts its own gateway).
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
