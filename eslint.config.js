import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@attunelogic/subgraph-*'], message: 'A subgraph never imports another subgraph; share through @attunelogic/shared.' }] },
      ],
    },
  },
  {
    // What assembles the whole system may import the subgraph packages: composition, the system test
    // suites, the benchmark and the development scripts. The gateway and shared never do.
    files: ['schema/**', 'tests/**', 'tools/**', 'scripts/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
