import { defineConfig } from 'vitest/config';

// `pnpm --filter @attunelogic/subgraph-trucking measure:due`: measurements that print numbers (never
// part of `pnpm test`, which runs `*.test.ts` only).
export default defineConfig({
  test: {
    include: ['src/**/*.measure.ts'],
    globalSetup: ['../../shared/src/testing/global-setup.ts'],
    testTimeout: 1_800_000,
    hookTimeout: 120_000,
  },
});
