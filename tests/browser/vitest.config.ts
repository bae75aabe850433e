import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['../../shared/src/testing/global-setup.ts', '../e2e/src/global-setup.ts'],
    // Each file starts a gateway and a Chromium; on two cores one at a time is faster and steadier.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
