/**
 * A search thread for tests of core/search/embedded/search-threads.ts: the real
 * engine, except that a search for the word "crash" ends the thread mid-search,
 * and one for "slow" holds the thread a moment before it answers (a search over
 * a common word does that on a large archive).
 */
import { createEmbeddedEngine } from '../../src/core/search/embedded/embedded-engine.ts';
import { answerOnThisThread } from '../../src/core/search/embedded/search-threads.ts';

await answerOnThisThread((options) => {
  const engine = createEmbeddedEngine({ ...options, rankingRates: { perListEntryMs: 0.001, perMatchMs: 0.001, perPulledMs: 0.001 } });
  return {
    ...engine,
    search(request) {
      const words = request.terms.flatMap((term) => term.words);
      if (words.includes('crash')) process.exit(7);
      if (words.includes('slow')) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
      return engine.search(request);
    },
  };
});
