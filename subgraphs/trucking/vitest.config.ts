import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['../../shared/src/testing/global-setup.ts'],
    // Generous: FerretDB (SQLite) serialises writes per database and scans a whole collection for a
    // sorted query, so a test that drives a load through its lifecycle while others run takes seconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
