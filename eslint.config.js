import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Every package lints its sources, its tests and its config files (`eslint src test *.ts`, as it has them).
export default tseslint.config(
  // Installed and generated code is not ours to lint (generated files are checked for drift instead).
  { ignores: ['**/node_modules/**', '**/dist/**', '**/generated/**'] },
  // ESLint's recommended set: the likely bugs (unreachable code, duplicate keys, bad regexes, ...).
  js.configs.recommended,
  // typescript-eslint's recommended set: the same for TypeScript, and no explicit `any` or `@ts-ignore`.
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    // Type information, which the rules below that reason about promises and unions need.
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      // Type-only imports are erased under verbatimModuleSyntax, so a value import never loads a module only for its types.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // A switch over a union of codes or states must handle every member, so adding one shows every place to change.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // An un-awaited promise loses its error and races the response; `void` marks the deliberate ones.
      '@typescript-eslint/no-floating-promises': 'error',
      // Dead variables are mistakes; a leading underscore marks a parameter a signature requires but the body ignores.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Subgraphs are deployed apart; importing one from anywhere else (the system tests included: they run
      // the subgraphs as processes) would couple their schemas and databases.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // By package name, or by a relative path into another package's subgraphs/ folder.
              group: ['@attunelogic/subgraph-*', '**/subgraphs/**'],
              message:
                'Only a subgraph imports its own code: share through @attunelogic/shared, or run the subgraph through its entry point (src/main.ts, its seed or bulk-insert).',
            },
          ],
        },
      ],
    },
  },
);
