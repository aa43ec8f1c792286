/**
 * The rules of the code's layout, checked by `npm run check` (dependency-cruiser).
 * Type-only imports count: a circle through types is still a circle to read.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Shared types live in leaf files, so every folder reads from the bottom up.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'production-never-imports-tests',
      comment: 'Stand-ins, behaviour suites and fixtures live under tests/ and never ship.',
      severity: 'error',
      from: { path: '^(src|bench)/', pathNot: '\\.test\\.ts$' },
      to: { path: '^tests/' },
    },
    {
      name: 'import-goes-through-the-search-port',
      comment: 'The import asks the configured engine for its indexing (search/import-indexing.ts); engines stay interchangeable.',
      severity: 'error',
      from: { path: '^src/core/slack-import/' },
      to: { path: '^src/core/search/(embedded|meilisearch)/' },
    },
    {
      name: 'core-runs-without-astro',
      comment: 'The domain is shared by the CLI, the pages and the tests: it knows nothing of the web layer.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^(src/(web|pages|components|layouts|middleware)|astro)' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
  },
};
