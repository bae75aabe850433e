import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['../../shared/src/testing/global-setup.ts'],
    // Generous: FerretDB (SQLite) runs one write at a time per database and every test file drives
    // whole lifecycles (create, dispatch, consume) while the others do the same on two CPUs.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
