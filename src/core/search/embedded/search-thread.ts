/**
 * A search thread (see search-threads.ts): the embedded engine on its own
 * connection, answering the serving process's searches off its event loop.
 */
import { createEmbeddedEngine } from './embedded-engine.ts';
import { answerOnThisThread } from './search-threads.ts';

await answerOnThisThread((options) => createEmbeddedEngine(options));
