// The import rules of docs/ARCHITECTURE.md ("Modules and their doors"),
// checked by `npm run lint:deps`. A rule here and the doc say the same thing.
const MODULES = '(accounts|content|discussion|forum|search|admin|shop|tracker|importer|redirects)'
const PLATFORM = '(db|http|views|jobs|mail|storage)'
// Tests and the test harness may reach inside modules (fixtures, seeds).
const TESTS = ['\\.test\\.tsx?$', '^src/test/', '/fixtures\\.tsx?$']

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles anywhere in src/, type-only ones included: a cycle means two files are one thing, or one of them is upside down.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'engine-below-its-users',
      severity: 'error',
      comment: 'The discussion engine is built on by the forum and by content\'s comments; it imports neither (they hand it what it needs: hooks and extensions registered at startup).',
      from: { path: '^src/discussion/', pathNot: TESTS },
      to: { path: '^src/(forum|content)/' },
    },
    {
      name: 'modules-through-their-door',
      severity: 'error',
      comment: 'A module reaches another module only through its index.ts.',
      from: { path: `^src/${MODULES}/`, pathNot: TESTS },
      to: { path: `^src/${MODULES}/`, pathNot: ['^src/$1/', `^src/${MODULES}/index\\.tsx?$`] },
    },
    {
      name: 'composition-through-the-door',
      severity: 'error',
      comment: 'The files that put the app together (app.ts, seed.ts, cli.ts…) use each module\'s index.ts too.',
      from: { path: '^src/[^/]+\\.tsx?$', pathNot: TESTS },
      to: { path: `^src/${MODULES}/`, pathNot: `^src/${MODULES}/index\\.tsx?$` },
    },
    {
      name: 'platform-below-modules',
      severity: 'error',
      comment: 'The platform folders serve every feature module and import none. Two gatherers are the exceptions: db/tables.ts lists each module\'s table types (types only), and jobs/handlers.ts collects each module\'s job kinds from its index.ts.',
      from: { path: `^src/${PLATFORM}/`, pathNot: [...TESTS, '^src/db/tables\\.ts$', '^src/jobs/handlers\\.ts$'] },
      to: { path: `^src/${MODULES}/` },
    },
    {
      name: 'table-list-takes-types-only',
      severity: 'error',
      comment: 'db/tables.ts gathers the modules\' table types from their tables.ts, and nothing else.',
      from: { path: '^src/db/tables\\.ts$' },
      to: { path: `^src/${MODULES}/`, pathNot: `^src/${MODULES}/tables\\.ts$` },
    },
    {
      name: 'job-list-through-the-door',
      severity: 'error',
      comment: 'jobs/handlers.ts collects job kinds through each module\'s index.ts.',
      from: { path: '^src/jobs/handlers\\.ts$' },
      to: { path: `^src/${MODULES}/`, pathNot: `^src/${MODULES}/index\\.tsx?$` },
    },
    {
      name: 'migrations-are-frozen',
      severity: 'error',
      comment: 'A migration never imports app code: it must run the same way years from now.',
      from: { path: '^src/db/migrations/' },
      to: { path: '^src/', pathNot: '^src/db/migrations/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
