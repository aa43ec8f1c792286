import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { addMembersFromSlack } from '../../core/accounts/import-members.ts';
import { importSlackExport, type ImportProgress, type ImportSummary } from '../../core/slack-import/import-export.ts';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from '../../core/slack-import/source/limits.ts';
import { printable } from '../../core/slack-import/source/entry-name.ts';
import { openRuntime } from '../runtime.ts';

function positiveInteger(value: string, name: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new Error(`${name} must be a positive whole number (got "${value}")`);
  return number;
}

const LIMIT_OPTIONS: { key: keyof ImportLimits; flag: string; env: string; text: string }[] = [
  { key: 'maxEntries', flag: '--max-entries <n>', env: 'IMPORT_MAX_ENTRIES', text: 'refuse archives with more entries' },
  { key: 'maxTotalBytes', flag: '--max-total-bytes <n>', env: 'IMPORT_MAX_TOTAL_BYTES', text: 'refuse archives larger than this uncompressed' },
  { key: 'maxEntryBytes', flag: '--max-entry-bytes <n>', env: 'IMPORT_MAX_ENTRY_BYTES', text: 'refuse any single file larger than this' },
  { key: 'maxCompressionRatio', flag: '--max-compression-ratio <n>', env: 'IMPORT_MAX_RATIO', text: 'refuse entries that expand more (zip bombs)' },
];

/** Flags win over the environment, which wins over the defaults. */
function readLimits(options: Record<string, string | undefined>): ImportLimits {
  const limits = { ...DEFAULT_IMPORT_LIMITS };
  for (const { key, env } of LIMIT_OPTIONS) {
    const value = options[key] ?? process.env[env];
    if (value !== undefined && value !== '') limits[key] = positiveInteger(value, env);
  }
  return limits;
}

function progressReporter(): { update(progress: ImportProgress): void; stop(): void } {
  if (!process.stderr.isTTY) {
    let lastLine = 0;
    return {
      update(progress) {
        const now = Date.now();
        if (now - lastLine < 5000 && progress.filesDone !== progress.filesTotal) return;
        lastLine = now;
        process.stderr.write(`import: ${progress.filesDone}/${progress.filesTotal} day files, ${progress.messages} messages\n`);
      },
      stop() {},
    };
  }
  const started = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      format: 'import |{bar}| {percentage}% · {files} day files · {messages} messages · {rate} msg/s · ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 200,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, { files: '0/0', messages: 0, rate: 0 });
  return {
    update(progress) {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      bar.setTotal(Math.max(progress.bytesTotal, 1));
      bar.update(progress.bytesDone, {
        files: `${progress.filesDone}/${progress.filesTotal}`,
        messages: progress.messages,
        rate: Math.round(progress.messages / seconds),
      });
    },
    stop: () => bar.stop(),
  };
}

/** Every line goes through `printable`: names and texts come from the export, and reach the operator's terminal. */
export function printSummary(summary: ImportSummary, writeRaw: (line: string) => void): void {
  const write = (line: string) => writeRaw(printable(line));
  const { conversations: c, dayFiles: d, messages: m } = summary;
  write(`Imported ${summary.source}`);
  write(`  people        ${summary.people}${summary.peopleFromMessages > 0 ? ` (${summary.peopleFromMessages} known only from their messages)` : ''}`);
  write(`  conversations ${c.public} public, ${c.private} private, ${c.dm} direct, ${c.mpim} group direct`);
  write(`  day files     ${d.imported} imported, ${d.unchanged} unchanged since the last import, ${d.failed} unreadable`);
  write(`  messages      ${m.written} new or edited, ${m.unchanged} unchanged`);
  write(`  replies ${summary.replies} · reactions ${summary.reactions} · files ${summary.files} (in the day files imported)`);
  write(`  search        ${summary.search.indexed} messages indexed${summary.search.error ? ` — the index could not follow (${summary.search.error}); run \`passerelle reindex\` or import again once it answers` : ''}`);
  if (summary.ignored.length > 0) write(`  not archived  ${summary.ignored.join(', ')}`);
  if (summary.dropped > 0) write(`  left out      ${summary.dropped} records without a usable id or ts (listed below)`);
  if (summary.ignoredFields.length > 0) {
    write(`  fields ignored (they did not fit; their records are kept):`);
    for (const { file, field, count, example } of summary.ignoredFields) write(`    ${file}: ${field} × ${count}, e.g. ${example}`);
  }
  if (summary.skipped.length > 0) {
    write(`  skipped (${summary.skipped.length}):`);
    for (const { item, reason } of summary.skipped) write(`    ${item}: ${reason}`);
  }
}

export function registerImport(program: Command): void {
  const command = program
    .command('import')
    .description("import a Slack export (the zip Slack gives workspace owners, or its extracted folder) into the archive")
    .argument('<export>', 'path to the export .zip or folder')
    .option('--include-dms', 'also import direct and group messages (visible only to their participants)', false);
  for (const { key, flag, env, text } of LIMIT_OPTIONS) {
    command.addOption(new Option(flag, `${text} (env ${env}, default ${DEFAULT_IMPORT_LIMITS[key]})`));
  }
  command.action(async (location: string, options: Record<string, string | undefined> & { includeDms: boolean }) => {
    const limits = readLimits(options);
    await openRuntime(async ({ database, search }) => {
      const reporter = progressReporter();
      try {
        const summary = await importSlackExport(database, location, { limits, includeDms: options.includeDms, onProgress: reporter.update, search });
        reporter.stop();
        printSummary(summary, (line) => process.stdout.write(`${line}\n`));
        const added = await addMembersFromSlack(database.db, 'cli');
        if (added > 0) process.stdout.write(`  members       ${added} people with an email address added as members (invited)\n`);
      } finally {
        reporter.stop();
      }
    });
  });
}
