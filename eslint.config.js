// ESLint (flat config) with typescript-eslint's recommended rules: mistakes
// the compiler lets through (unused code, floating any, bad patterns).
// Type-aware rules are left out: they need a full type-check per run, and
// `npm run typecheck` does that once already.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['dist/', 'public/build/', 'node_modules/', '.bench/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` marks an argument or binding kept on purpose (a handler's signature).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    // Migrations are frozen in time and must not import the app's table
    // types, which move on: Kysely's docs type them Kysely<any> (STYLE.md too).
    files: ['src/db/migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['client/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
)
