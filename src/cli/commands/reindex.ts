import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import type { IndexProgress, SearchEngine } from '../../core/search/port.ts';
import { openRuntime } from '../runtime.ts';

function indexReporter(label: string): { update(progress: IndexProgress): void; stop(): void } {
  if (!process.stderr.isTTY) {
    let last = 0;
    return {
      update(progress) {
        if (Date.now() - last < 5000 && progress.indexed < progress.total) return;
        last = Date.now();
        process.stderr.write(`${label}: ${progress.indexed}/${progress.total} messages\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${label} |{bar}| {percentage}% · {value}/{total} messages · ETA {eta_formatted}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0);
  return {
    update(progress) {
      bar.setTotal(Math.max(progress.total, 1));
      bar.update(progress.indexed);
    },
    stop: () => bar.stop(),
  };
}

/** Runs one index operation with a progress bar, and says what it did. */
function indexCommand(
  label: string,
  run: (search: SearchEngine, onProgress: (progress: IndexProgress) => void) => Promise<number>,
  done: (engine: string, indexed: number) => string,
) {
  return async () => {
    await openRuntime(async ({ search }) => {
      const reporter = indexReporter(label);
      try {
        const indexed = await run(search, reporter.update);
        reporter.stop();
        process.stdout.write(`${done(search.name, indexed)}\n`);
      } finally {
        reporter.stop();
      }
    });
  };
}

export function registerReindex(program: Command): void {
  program
    .command('reindex')
    .description('rebuild the search index from the archive; searches keep using the old index until the new one is complete')
    .action(
      indexCommand(
        'reindex',
        (search, onProgress) => search.reindex(onProgress),
        (engine, indexed) => `Search index rebuilt (${engine}): ${indexed} messages.`,
      ),
    );
  program
    .command('search-sync')
    .description('index what imports queued and the search engine has not taken yet (after Meilisearch was unreachable)')
    .action(
      indexCommand(
        'sync',
        (search, onProgress) => search.sync(onProgress),
        (engine, indexed) => `Search index up to date (${engine}): ${indexed} messages indexed.`,
      ),
    );
}
