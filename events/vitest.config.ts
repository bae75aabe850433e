import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['../shared/src/testing/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
