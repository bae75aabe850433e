import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  // Apollo's federation packages load graphql as CommonJS; the tests must use the same copy, or
  // graphql-js refuses schemas "from another module or realm".
  resolve: { alias: { graphql: require.resolve('graphql') } },
  test: {
    testTimeout: 30_000,
  },
});
