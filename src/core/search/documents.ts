import type { Client } from '@libsql/client';
import { AUTHORS_OUT_OF_SEARCH_SQL } from '../accounts/consents.ts';
import { INDEXED_PSEUDONYM, mentionedIdsSql, PSEUDONYMISED_PEOPLE_SQL } from '../archive/pseudonyms.ts';

/** What both engines index for one message: its words, and the fields filters and facets use. */
export interface SearchDocument {
  channelId: string;
  ts: string;
  tsMs: number;
  authorId: string | null;
  /** Calendar year in the community's time zone. */
  year: number;
  text: string;
  hasFile: boolean;
  hasLink: boolean;
  hasReaction: boolean;
  /** A thread's root or one of its replies. */
  isThread: boolean;
  /** The thread's root (its own ts for the root), or null outside threads: a reply is searched with its root's words. */
  threadTs: string | null;
  /** A reply's root's text, when the archive was read with it (null otherwise, or when the root is gone). */
  rootText: string | null;
  /** Its channel's topic and purpose, when the archive was read with them: searched as the context of every message there. */
  channelAbout?: string | null;
  /** A bot's post or a channel notice (topic set, channel renamed, item pinned): found, but weighs less than people's words. */
  notice?: boolean;
}

export interface MessageKey {
  channelId: string;
  ts: string;
}

/** A batch of the queue: documents to (re)index, keys to delete, and the queue entries it covers. */
export interface QueuedBatch {
  /** Queue rowids: removed by rowid, so an entry that an import replaced meanwhile stays queued. */
  queueIds: number[];
  documents: SearchDocument[];
  /** Queued messages that are gone or not worth indexing (joins and leaves): engines delete them. */
  removed: MessageKey[];
}

/** Join and leave notices say nothing worth finding. */
const UNSEARCHABLE_SUBTYPES: readonly string[] = ['channel_join', 'channel_leave', 'group_join', 'group_leave'];

export function isSearchable(subtype: string | null | undefined): boolean {
  return subtype == null || !UNSEARCHABLE_SUBTYPES.includes(subtype);
}

/**
 * What Slack writes itself or lets a bot write: a CI status, a review bot's
 * « merged », « set the channel topic ». Worth finding (the bot's post is
 * sometimes the answer), but a person saying the same words is the better hit.
 */
const NOTICE_SUBTYPES: ReadonlySet<string> = new Set([
  'bot_message', 'bot_add', 'bot_remove', 'bot_enable', 'bot_disable', 'slackbot_response', 'reminder_add', 'reminder_delete',
  'channel_topic', 'channel_purpose', 'channel_name', 'channel_archive', 'channel_unarchive',
  'group_topic', 'group_purpose', 'group_name', 'group_archive', 'group_unarchive', 'pinned_item', 'unpinned_item',
]);

/**
 * Older exports write a file's upload as Slack's own sentence (« @ana uploaded a file: <title> <link> »), and a
 * mention of it likewise: notices, unless the person added a comment (« … and commented: … »), which is theirs.
 */
const FILE_NOTICE_SUBTYPES: ReadonlySet<string> = new Set(['file_share', 'file_mention']);
const UPLOAD_COMMENT = / and commented: /;

export function isNotice(subtype: string | null | undefined, botId: string | null | undefined, text = ''): boolean {
  if (botId != null && botId !== '') return true;
  if (subtype == null) return false;
  return NOTICE_SUBTYPES.has(subtype) || (FILE_NOTICE_SUBTYPES.has(subtype) && !UPLOAD_COMMENT.test(text));
}

/**
 * The same rule in SQL, for a message still in the archive (the queue may name one that is gone),
 * plus the members' choice: the messages of an author who declined search are not indexed
 * (accounts/consents.ts queues them when the choice changes, so the engines drop or take them back),
 * and a message its author hid is not indexed either (archive/name-levels.ts queues it).
 */
const INDEXED = `(m.channel_id IS NOT NULL AND (m.subtype IS NULL OR m.subtype NOT IN (${UNSEARCHABLE_SUBTYPES.map((subtype) => `'${subtype}'`).join(', ')}))
  AND (m.user_id IS NULL OR m.user_id NOT IN (${AUTHORS_OUT_OF_SEARCH_SQL}))
  AND NOT EXISTS (SELECT 1 FROM hidden_messages AS h WHERE h.channel_id = m.channel_id AND h.ts = m.ts))`;
/**
 * The names of pseudonymised people a message (or its thread's root) @mentions, as a JSON
 * array, or null: only messages holding a mention pay for the lookup. `root` is the
 * alias of the root's row, when it is read with the message.
 */
export function renamedMentionsSql(message: string, root?: string): string {
  const texts = root ? [`${message}.text`, `coalesce(${root}.text, '')`] : [`${message}.text`];
  const mentioned = texts.map((text) => `SELECT id FROM (${mentionedIdsSql(text)})`).join(' UNION ');
  // CROSS JOIN keeps the order: each mentioned id is looked up, rather than every person tried against the text.
  return `CASE WHEN ${texts.map((text) => `instr(${text}, '<@') > 0`).join(' OR ')} THEN (
    SELECT json_group_array(coalesce(nullif(pp.display_name, ''), nullif(pp.real_name, ''), nullif(pp.handle, ''), pp.id))
    FROM (${mentioned}) AS mentioned CROSS JOIN people AS pp ON pp.id = mentioned.id
    WHERE pp.id IN (${PSEUDONYMISED_PEOPLE_SQL})) END`;
}
const COLUMNS = `m.channel_id, m.ts, m.ts_ms, m.user_id, m.subtype, m.bot_id, m.plain, m.has_files, m.has_links, m.has_reactions, m.thread_ts, r.plain AS root_plain, ${renamedMentionsSql('m', 'r')} AS renamed,
  (SELECT trim(coalesce(c.topic, '') || ' ' || coalesce(c.purpose, '')) FROM channels AS c WHERE c.id = m.channel_id) AS channel_about`;
/** A reply's thread root, read with it (see SearchDocument.rootText), unless its author hid it. */
const ROOT_JOIN = `LEFT JOIN messages AS r ON r.channel_id = m.channel_id AND r.ts = m.thread_ts AND m.thread_ts <> m.ts
  AND NOT EXISTS (SELECT 1 FROM hidden_messages AS hr WHERE hr.channel_id = r.channel_id AND hr.ts = r.ts)`;

/** Shared by both engines (the embedded one runs it on its own synchronous connection). One parameter: the batch size. */
export const QUEUED_DOCUMENTS_SQL = `
  SELECT q.rowid AS queue_id, q.channel_id AS queued_channel, q.ts AS queued_ts, ${INDEXED} AS indexed, ${COLUMNS}
  FROM (SELECT rowid, channel_id, ts FROM search_queue ORDER BY rowid LIMIT ?) AS q
  LEFT JOIN messages AS m ON m.channel_id = q.channel_id AND m.ts = q.ts
  ${ROOT_JOIN}`;

/** Parameters: after (channel id, ts) — start with ('', '') — and the page size. */
export const ALL_DOCUMENTS_SQL = `
  SELECT ${COLUMNS} FROM messages AS m ${ROOT_JOIN}
  WHERE ${INDEXED} AND (m.channel_id, m.ts) > (?, ?) ORDER BY m.channel_id, m.ts LIMIT ?`;

export const COUNT_DOCUMENTS_SQL = `SELECT count(*) AS n FROM messages AS m WHERE ${INDEXED}`;

export interface DocumentRow {
  channel_id: string;
  ts: string;
  ts_ms: number;
  user_id: string | null;
  subtype?: string | null;
  bot_id?: string | null;
  plain: string;
  has_files: number;
  has_links: number;
  has_reactions: number;
  thread_ts: string | null;
  root_plain?: string | null;
  channel_about?: string | null;
  /** JSON array of pseudonymised people's names the message or its root @mentions. */
  renamed?: string | null;
}

export interface QueuedRow extends Partial<DocumentRow> {
  queue_id: number;
  queued_channel: string;
  queued_ts: string;
  indexed: number | null;
}

/** Every time zone offset in use is a multiple of a quarter hour: a year cannot begin inside one of these. */
const QUARTER_HOUR_MS = 15 * 60 * 1000;

/**
 * The calendar year of an instant in a time zone. Formatting a date costs
 * microseconds and an import asks millions of times, so answers are kept per
 * quarter hour (checked at both ends, so even an odd historical offset is exact).
 */
const yearFormats = new Map<string, Intl.DateTimeFormat>();

export function yearIn(timeZone: string): (ms: number) => number {
  // Searches ask for a zone's years at every query: its formatter is built once.
  let format = yearFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { year: 'numeric', timeZone });
    yearFormats.set(timeZone, format);
  }
  const exact = (ms: number) => Number(format.format(ms));
  const byQuarter = new Map<number, number>();
  return (ms) => {
    const quarter = Math.floor(ms / QUARTER_HOUR_MS);
    let year = byQuarter.get(quarter);
    if (year === undefined) {
      const start = quarter * QUARTER_HOUR_MS;
      year = exact(start);
      if (exact(start + QUARTER_HOUR_MS - 1) !== year) return exact(ms);
      if (byQuarter.size >= 100_000) byQuarter.clear();
      byQuarter.set(quarter, year);
    }
    return year;
  };
}

/** What search needs of a message, as the import maps it or as the archive stores it. */
export interface SearchableMessage {
  channelId: string;
  ts: string;
  tsMs: number;
  userId: string | null;
  plain: string;
  hasFiles: boolean;
  hasLinks: boolean;
  hasReactions: boolean;
  threadTs: string | null;
  /** The root's text for a reply, when it was read with it. */
  rootText?: string | null;
  subtype?: string | null;
  botId?: string | null;
  channelAbout?: string | null;
}

export function documentOf(message: SearchableMessage, year: (ms: number) => number): SearchDocument {
  return {
    channelId: message.channelId,
    ts: message.ts,
    tsMs: message.tsMs,
    authorId: message.userId,
    year: year(message.tsMs),
    text: message.plain,
    hasFile: message.hasFiles,
    hasLink: message.hasLinks,
    hasReaction: message.hasReactions,
    isThread: message.threadTs !== null,
    threadTs: message.threadTs,
    rootText: message.rootText ?? null,
    notice: isNotice(message.subtype, message.botId, message.plain),
    channelAbout: message.channelAbout ?? null,
  };
}

/** "@Élise" → "@Ancien membre" for each pseudonymised person a text @mentions (longest names first, so "@Élise C" is not cut). */
export function renamePseudonymisedMentions(text: string, names: readonly string[], pseudonym = INDEXED_PSEUDONYM): string {
  let renamed = text;
  for (const name of names.toSorted((a, b) => b.length - a.length)) renamed = renamed.split(`@${name}`).join(`@${pseudonym}`);
  return renamed;
}

/** A text with the mentions `renamedMentionsSql` found renamed. */
export function withRenamedMentions(text: string, renamed: string | null | undefined, pseudonym = INDEXED_PSEUDONYM): string {
  const names = renamed ? (JSON.parse(renamed) as string[]).filter((name) => name !== '') : [];
  return names.length > 0 ? renamePseudonymisedMentions(text, names, pseudonym) : text;
}

export function toDocument(row: DocumentRow, year: (ms: number) => number): SearchDocument {
  const rename = (text: string) => withRenamedMentions(text, row.renamed);
  return documentOf(
    {
      channelId: row.channel_id,
      ts: row.ts,
      tsMs: Number(row.ts_ms),
      userId: row.user_id,
      plain: rename(row.plain),
      hasFiles: Number(row.has_files) === 1,
      hasLinks: Number(row.has_links) === 1,
      hasReactions: Number(row.has_reactions) === 1,
      threadTs: row.thread_ts,
      rootText: row.root_plain == null ? null : rename(row.root_plain),
      subtype: row.subtype ?? null,
      botId: row.bot_id ?? null,
      channelAbout: row.channel_about ?? null,
    },
    year,
  );
}

export function toQueuedBatch(rows: readonly QueuedRow[], year: (ms: number) => number): QueuedBatch {
  const batch: QueuedBatch = { queueIds: [], documents: [], removed: [] };
  for (const row of rows) {
    batch.queueIds.push(Number(row.queue_id));
    if (Number(row.indexed) === 1) batch.documents.push(toDocument(row as DocumentRow, year));
    else batch.removed.push({ channelId: row.queued_channel, ts: row.queued_ts });
  }
  return batch;
}

/** The next queued messages, oldest entries first. */
export async function readQueuedDocuments(client: Client, limit: number, timeZone: string): Promise<QueuedBatch> {
  const result = await client.execute({ sql: QUEUED_DOCUMENTS_SQL, args: [limit] });
  return toQueuedBatch(result.rows as unknown as QueuedRow[], yearIn(timeZone));
}

export async function removeFromQueue(client: Client, queueIds: readonly number[]): Promise<void> {
  for (let i = 0; i < queueIds.length; i += 500) {
    const part = queueIds.slice(i, i + 500);
    await client.execute({ sql: `DELETE FROM search_queue WHERE rowid IN (${part.map(() => '?').join(', ')})`, args: part });
  }
}

/** Every message worth indexing, in pages by (channel, ts): what a reindex reads. */
export async function* readAllDocuments(client: Client, pageSize: number, timeZone: string): AsyncGenerator<SearchDocument[]> {
  const year = yearIn(timeZone);
  let after: [string, string] = ['', ''];
  for (;;) {
    const result = await client.execute({ sql: ALL_DOCUMENTS_SQL, args: [...after, pageSize] });
    const rows = result.rows as unknown as DocumentRow[];
    if (rows.length === 0) return;
    yield rows.map((row) => toDocument(row, year));
    const last = rows.at(-1)!;
    after = [last.channel_id, last.ts];
  }
}

/**
 * The queue's newest entry: a reindex notes it before reading the archive and
 * afterwards removes only the entries up to it. Writers replace an entry when
 * they write its message again, so anything written during the reindex has a
 * higher rowid and is indexed by the next sync.
 */
export async function queueHighWaterMark(client: Client): Promise<number> {
  const result = await client.execute('SELECT coalesce(max(rowid), 0) AS mark FROM search_queue');
  return Number(result.rows[0]?.mark ?? 0);
}

export async function removeFromQueueUpTo(client: Client, mark: number): Promise<void> {
  await client.execute({ sql: 'DELETE FROM search_queue WHERE rowid <= ?', args: [mark] });
}

export async function countIndexableMessages(client: Client): Promise<number> {
  const result = await client.execute(COUNT_DOCUMENTS_SQL);
  return Number(result.rows[0]?.n ?? 0);
}

/** Messages written but not yet indexed. */
export async function countQueuedForSearch(client: Client): Promise<number> {
  const result = await client.execute('SELECT count(*) AS n FROM search_queue');
  return Number(result.rows[0]?.n ?? 0);
}
