import type { Database } from '../db/client.ts';
import { importRuns } from '../db/schema/imports.ts';
import { eq } from 'drizzle-orm';
import { EntryError, ImportRefusedError } from './errors.ts';
import { openExportSource } from './export-source.ts';
import { finalizeChannels } from './finalize.ts';
import { readExportLayout, type Conversation, type Skipped } from './layout.ts';
import type { ImportLimits } from './limits.ts';
import { mapMessage, type MappedMessage } from './map-message.ts';
import { parseJsonFile } from './json-file.ts';
import { buildRenderContext, type RenderContext } from './render-context.ts';
import { describeIssues, slackMessageSchema } from './schemas.ts';
import { isEntryImported, writeDayFile, writeDirectory } from './store.ts';
import { toChannelRow, toMemberRows, toPersonRow } from './directory-rows.ts';

export interface ImportOptions {
  limits: ImportLimits;
  /** Direct and group messages stay out of the archive unless asked for. */
  includeDms: boolean;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  messages: number;
}

export interface ImportSummary {
  source: string;
  people: number;
  conversations: Record<Conversation['kind'], number>;
  unlisted: number;
  dayFiles: { imported: number; unchanged: number; failed: number };
  messages: { written: number; unchanged: number };
  replies: number;
  reactions: number;
  files: number;
  skipped: Skipped[];
  ignored: string[];
}

function emptySummary(source: string): ImportSummary {
  return {
    source,
    people: 0,
    conversations: { public: 0, private: 0, dm: 0, mpim: 0 },
    unlisted: 0,
    dayFiles: { imported: 0, unchanged: 0, failed: 0 },
    messages: { written: 0, unchanged: 0 },
    replies: 0,
    reactions: 0,
    files: 0,
    skipped: [],
    ignored: [],
  };
}

/** Validates and maps one day file; bad messages are skipped and reported, the rest kept. */
function mapDayFile(path: string, value: unknown, conversation: Conversation, context: RenderContext, skipped: Skipped[]): MappedMessage[] {
  if (!Array.isArray(value)) throw new EntryError(path, 'expected a JSON array of messages');
  const byTs = new Map<string, MappedMessage>();
  value.forEach((raw, index) => {
    const parsed = slackMessageSchema.safeParse(raw);
    if (!parsed.success) {
      skipped.push({ item: `${path} [${index}]`, reason: describeIssues(parsed.error) });
      return;
    }
    byTs.set(parsed.data.ts, mapMessage(conversation.id, parsed.data, context));
  });
  return [...byTs.values()];
}

/**
 * Imports a Slack export (zip or folder) into the archive. Refusals happen before
 * anything is written; after that every day file commits on its own, so running
 * the same import again after a crash completes it without doubling anything.
 */
export async function importSlackExport(database: Database, location: string, options: ImportOptions): Promise<ImportSummary> {
  const { db } = database;
  const source = await openExportSource(location, options.limits);
  try {
    const layout = await readExportLayout(source, options.limits.maxJsonDepth);
    const summary = emptySummary(source.label);
    summary.skipped.push(...layout.skipped);
    summary.ignored = layout.ignored;

    const wanted: Conversation[] = [];
    for (const conversation of layout.conversations) {
      const isDirect = conversation.kind === 'dm' || conversation.kind === 'mpim';
      if (isDirect && !options.includeDms) {
        summary.skipped.push({ item: `${conversation.folder}/`, reason: 'direct or group message: pass --include-dms to import it' });
        continue;
      }
      wanted.push(conversation);
      summary.conversations[conversation.kind] += 1;
      if (!conversation.listed) {
        summary.unlisted += 1;
        summary.skipped.push({
          item: `${conversation.folder}/`,
          reason: 'folder not listed in the export: imported as a private conversation without members (hidden until an administrator opens it)',
        });
      }
    }

    const context = buildRenderContext(layout.users, layout.conversations);
    const [run] = await db
      .insert(importRuns)
      .values({ source: source.label, startedAt: new Date(), status: 'running' })
      .returning({ id: importRuns.id });
    await writeDirectory(db, layout.users.map(toPersonRow), wanted.map(toChannelRow), wanted.flatMap(toMemberRows));
    summary.people = layout.users.length;

    const dayFiles = wanted.flatMap((conversation) => conversation.dayFiles.map((path) => ({ path, conversation })));
    const progress: ImportProgress = {
      filesDone: 0,
      filesTotal: dayFiles.length,
      bytesDone: 0,
      bytesTotal: dayFiles.reduce((sum, { path }) => sum + (source.files.get(path)?.size ?? 0), 0),
      messages: 0,
    };
    options.onProgress?.(progress);

    for (const { path, conversation } of dayFiles) {
      try {
        const file = await source.read(path);
        const entry = { path, fingerprint: file.fingerprint, context: context.fingerprint };
        if (await isEntryImported(db, entry)) {
          summary.dayFiles.unchanged += 1;
        } else {
          const mapped = mapDayFile(path, parseJsonFile(path, file.data, options.limits.maxJsonDepth), conversation, context, summary.skipped);
          const outcome = await writeDayFile(db, conversation.id, mapped, entry);
          summary.dayFiles.imported += 1;
          summary.messages.written += outcome.written;
          summary.messages.unchanged += outcome.unchanged;
          for (const item of mapped) {
            if (item.message.threadTs && item.message.threadTs !== item.message.ts) summary.replies += 1;
            summary.reactions += item.reactions.length;
            summary.files += item.files.length;
          }
          progress.messages += mapped.length;
        }
      } catch (error) {
        if (!(error instanceof EntryError)) throw error;
        summary.dayFiles.failed += 1;
        summary.skipped.push({ item: error.path, reason: error.message.slice(error.path.length + 2) });
      }
      progress.filesDone += 1;
      progress.bytesDone += source.files.get(path)?.size ?? 0;
      options.onProgress?.(progress);
    }

    await finalizeChannels(db);
    await db
      .update(importRuns)
      .set({ finishedAt: new Date(), status: 'completed', summary: JSON.stringify(summary) })
      .where(eq(importRuns.id, run!.id));
    return summary;
  } finally {
    await source.close();
  }
}

export { ImportRefusedError };
