import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import type { IndexProgress } from '../../core/search/port.ts';
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
  const bar = new cliProgress.SingleBar({ format: `${label} |{bar}| {percentage}% · {value}/{total} messages · ETA {eta_formatted}`, hideCursor: true }, cliProgress.Presets.shades_classic);
  bar.start(1, 0);
  return {
    update(progress) {
      bar.setTotal(Math.max(progress.total, 1));
      bar.update(progress.indexed);
    },
    stop: () => bar.stop(),
  };
}

export function registerReindex(program: Command): void {
  program
    .command('reindex')
    .description('rebuild the search index from the archive; searches keep using the old index until the new one is complete')
    .action(async () => {
      await openRuntime(async ({ search }) => {
        const reporter = indexReporter('reindex');
        try {
          const indexed = await search.reindex(reporter.update);
          reporter.stop();
          process.stdout.write(`Search index rebuilt (${search.name}): ${indexed} messages.\n`);
        } finally {
          reporter.stop();
        }
      });
    });
  program
    .command('search-sync')
    .description('index what imports queued and the search engine has not taken yet (after Meilisearch was unreachable)')
    .action(async () => {
      await openRuntime(async ({ search }) => {
        const reporter = indexReporter('sync');
        try {
          const indexed = await search.sync(reporter.update);
          reporter.stop();
          process.stdout.write(`Search index up to date (${search.name}): ${indexed} messages indexed.\n`);
        } finally {
          reporter.stop();
        }
      });
    });
}
