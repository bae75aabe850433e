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
    // The gateway's tests and the scripts legitimately import the subgraph packages (composition reads
    // the subgraphs' SDL files instead).
    files: ['gateway/test/**', 'scripts/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
