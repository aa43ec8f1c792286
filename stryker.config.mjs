// Mutation testing of the modules that protect members: `npm run test:mutation`.
// Stryker changes one thing at a time in these files (a condition, a comparison,
// a string) and runs the tests that cover it; a change no test notices is a gap.
// See "Mutation testing" in README.md and docs/mutation-survivors.md.

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts', related: true },
  // Each mutant runs only the tests that executed its code during the first, instrumented run.
  coverageAnalysis: 'perTest',
  // Module-level constants (TTLs, regexes, tables) are "static" mutants: they would need the module
  // loaded afresh with the mutant active, which does not happen with vitest 5 here (an emptied
  // BROADCASTS set "survived" although the broadcast test fails on that change by hand). Counting them
  // would report false survivors; those values have direct tests instead (e.g. SESSION_IDLE_MS).
  ignoreStatic: true,
  mutate: [
    // Who reads what in the archive.
    'src/core/archive/access.ts',
    // Sign-in, its single-use codes and link tokens, sessions, rate limits.
    'src/core/accounts/sign-in.ts',
    'src/core/accounts/secrets.ts',
    'src/core/accounts/sessions.ts',
    'src/core/accounts/rate-limit.ts',
    // CSRF: writes only from the site's own pages.
    'src/web/same-origin.ts',
    // Slack's markup turned into HTML (escaping, link schemes), attachment cards, search snippets.
    'src/core/mrkdwn/*.ts',
    '!src/core/mrkdwn/*.test.ts',
    'src/core/slack-import/map/render-attachments.ts',
    'src/web/archive/snippet-html.ts',
    // Where a permalink leads, told only to readers of its channel.
    'src/web/archive/permalink.ts',
    // Slack secrets removed before anything is stored.
    'src/core/text/slack-secrets.ts',
    // The import's writer: a day file and the record that it was imported commit together (what resuming relies on).
    'src/core/slack-import/write/archive-writer.ts',
  ],
  // Each module answers to its own tests: a mutant counts as killed only by the tests
  // written for it, not by an import of the whole demo export that happens to pass by
  // (those take a minute each, and would run for every mutant of a module-level constant).
  testFiles: [
    'src/core/archive/access.test.ts',
    'src/core/accounts/{sign-in,secrets,sessions,rate-limit}.test.ts',
    'src/web/same-origin.test.ts',
    'src/core/mrkdwn/*.test.ts',
    'src/core/slack-import/map/*.test.ts',
    'src/web/archive/{snippet-html,permalink}.test.ts',
    'src/core/text/slack-secrets.test.ts',
    'src/core/slack-import/write/archive-writer.test.ts',
  ],
  // The sandbox is a copy of the checkout (node_modules linked), so tests that read
  // demo/ and drizzle/ by relative path find them; only what no test reads stays out.
  ignorePatterns: ['data', 'dist', '.astro', 'reports', 'coverage', 'test-results', 'playwright-report', 'bench/out'],
  // The machine is shared: one test process. Raise with --concurrency on a free machine.
  concurrency: 1,
  // Reruns reuse the results of mutants whose code and covering tests did not change.
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
