import { defineConfig } from 'vitest/config';

// Only the pure parts are unit-tested (statistics, targets, rendering, parsing); the bench itself
// is exercised by `pnpm bench --quick`.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'] },
});
