import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { ChannelKind } from '../../db/schema/archive.ts';
import { EntryError, ImportRefusedError } from '../errors.ts';
import type { ExportSource } from '../source/export-source.ts';
import { readJsonArray } from '../source/json-array.ts';
import { withinDepth } from '../source/json-file.ts';
import { storedBytes } from '../source/stored-file.ts';
import { IgnoredFields, type IgnoredField } from '../ignored-fields.ts';
import { readRecord } from '../read-record.ts';
import { fileSkips, type Skipped } from '../file-skips.ts';
import { slackChannelSchema, slackUserSchema } from '../schemas.ts';
import { isNamedChannel, slackDisplayName, type RenderNames } from '../map/render-context.ts';
import { NameTableBuilder } from './name-table.ts';

export interface Conversation {
  id: string;
  kind: ChannelKind;
  name: string;
  folder: string;
  listed: boolean;
  /** Day files, oldest first, as file numbers of the export source. */
  dayFiles: number[];
}

export type { Skipped } from '../file-skips.ts';

/** A list of the export, in the order it is read: the directory is written from them, read a second time. */
export interface ListFile {
  path: string;
  holds: 'people' | ChannelKind;
}

/**
 * What the export holds, without its records: the people and conversations are
 * read again as a stream when the directory is written (write-directory.ts), so
 * that no list is ever held whole, whatever its size.
 */
export interface ExportLayout {
  /** Each person once (the first record of an id), and each named channel, by the name rendering gives it. */
  names: RenderNames;
  lists: ListFile[];
  conversations: Conversation[];
  skipped: Skipped[];
  /** Files of the export that are not part of the archive (canvases, lists…, anything outside a conversation). */
  ignored: string[];
  ignoredFields: IgnoredField[];
  /** People and conversations left out because their id was missing or unusable (each also in `skipped`). */
  dropped: number;
}

/** What reading the lists found wrong, gathered for the summary. */
export interface ListProblems {
  skipped: Skipped[];
  ignoredFields: IgnoredFields;
  dropped: number;
}

/** `s`: a folder name may hold a newline (a channel name Slack allowed once), and its days are days all the same. */
const DAY_FILE = /^(.*)\/(\d{4}-\d{2}-\d{2})\.json$/s;
/** Added by macOS when it re-zips a folder; never part of the export. */
const OS_LITTER = /(^|\/)(__MACOSX\/|\.DS_Store$|Thumbs\.db$)/;
const LIST_FILES: Record<string, ChannelKind> = {
  'channels.json': 'public',
  'groups.json': 'private',
  'dms.json': 'dm',
  'mpims.json': 'mpim',
};
const USER_FILES = ['users.json', 'org_users.json'];

/**
 * Where the workspace files are: at the root, under a single wrapping folder
 * (some tools re-zip exports that way), and, for Enterprise Grid, under teams/<name>/.
 */
function findRoots(paths: string[]): string[] {
  const isMarker = (name: string) => name in LIST_FILES || USER_FILES.includes(name);
  const hasMarkerAt = (prefix: string) => paths.some((p) => p.startsWith(prefix) && isMarker(p.slice(prefix.length)));
  let base = '';
  if (!hasMarkerAt('') && !paths.some((p) => DAY_FILE.test(p) && !p.slice(0, p.lastIndexOf('/')).includes('/'))) {
    const tops = new Set(paths.map((p) => p.split('/')[0]));
    if (tops.size === 1) base = `${[...tops][0]}/`;
  }
  const teams = new Set(
    paths.filter((p) => p.startsWith(`${base}teams/`)).map((p) => p.slice(base.length).split('/').slice(0, 2).join('/')),
  );
  return [base, ...[...teams].filter((team) => team.split('/').length === 2).sort().map((team) => `${base}${team}/`)];
}

/**
 * Reads one list of the export (people or conversations) record by record as
 * it streams in. A list that is not an array, or that breaks part of the way,
 * keeps the records read before the break and is named; the import goes on
 * (a conversation the list no longer names is then an unlisted folder: private).
 */
export async function readList<T>(source: ExportSource, path: string, schema: z.ZodType<T>, problems: ListProblems, onRecord: (record: T) => void | Promise<void>): Promise<void> {
  const file = source.files.find(path);
  if (file === undefined) return;
  const kind = path.slice(path.lastIndexOf('/') + 1);
  let count = 0;
  const skips = fileSkips(path);
  let broken: EntryError | null;
  try {
    const stored = await source.locate(file);
    broken = await readJsonArray(path, stored.size, storedBytes(path, stored), async (raw, index) => {
      const item = `${path} [${index}]`;
      count = index + 1;
      const read = withinDepth(path, () => readRecord(schema, raw, 'id', { file: kind, item }, problems.ignoredFields));
      if (read.ok) await onRecord(read.record);
      else {
        problems.dropped += 1;
        skips.name({ item, reason: read.reason }, problems.skipped);
      }
    });
  } catch (error) {
    if (!(error instanceof EntryError)) throw error;
    broken = error;
  }
  const rest = skips.rest();
  if (rest) problems.skipped.push(rest);
  if (broken) {
    problems.skipped.push({
      item: path,
      reason: `${broken.message.slice(path.length + 2)}: ${count === 0 ? 'none of its records could be read' : `the ${count} records before that point are read, the rest of the file is lost`}`,
    });
  }
}

/**
 * Keeps the first record of an id. The same record twice is one record; two
 * different ones under one id are named, so that nothing goes without a word.
 * Only a digest of each record is kept for the comparison: a list of 300,000
 * channels is not held twice.
 */
function keepFirst(digests: Map<string, string>, record: { id: string }, path: string, what: string, skipped: Skipped[]): boolean {
  const json = JSON.stringify(record);
  const digest = createHash('sha1').update(json).digest('base64');
  const known = digests.get(record.id);
  if (known === undefined) {
    digests.set(record.id, digest);
    return true;
  }
  if (known !== digest) {
    skipped.push({ item: `${path} ${record.id}`, reason: `a second, different ${what} with the id ${record.id}: the first one is kept (this one was ${json.slice(0, 300)})` });
  }
  return false;
}

/** Folders the lists do not mention still hold history; they get a stable id of their own. */
function unlistedId(folder: string): string {
  return `X${createHash('sha1').update(folder).digest('hex').slice(0, 10).toUpperCase()}`;
}

function guessUnlistedKind(name: string): ChannelKind {
  if (/^D[A-Z0-9]{6,}$/.test(name)) return 'dm';
  if (name.startsWith('mpdm-')) return 'mpim';
  // Unknown audience: private, and therefore shown to nobody until an administrator decides.
  return 'private';
}

export async function readExportLayout(source: ExportSource): Promise<ExportLayout> {
  const skipped: Skipped[] = [];
  const problems: ListProblems = { skipped, ignoredFields: new IgnoredFields(), dropped: 0 };
  // Names as strings only while the layout is read; the import keeps file numbers.
  const paths: string[] = [];
  const kept: number[] = [];
  for (let file = 0; file < source.files.count; file++) {
    const path = source.files.name(file);
    paths.push(path);
    if (!OS_LITTER.test(path)) kept.push(file);
  }
  const roots = findRoots(kept.map((file) => paths[file]!));
  const people = new NameTableBuilder();
  const lists: ListFile[] = [];
  const userDigests = new Map<string, string>();
  const conversations = new Map<string, Conversation>();
  const listed = new Map<string, string>();
  const folderOwner = new Map<string, string>();
  const daysByFolder = new Map<string, { day: string; file: number }[]>();

  for (const file of kept) {
    const match = DAY_FILE.exec(paths[file]!);
    if (!match) continue;
    const folder = match[1]!;
    const list = daysByFolder.get(folder) ?? [];
    list.push({ day: match[2]!, file });
    daysByFolder.set(folder, list);
  }

  for (const root of roots) {
    for (const file of USER_FILES) {
      const path = `${root}${file}`;
      if (source.files.find(path) !== undefined) lists.push({ path, holds: 'people' });
      await readList(source, path, slackUserSchema, problems, (user) => {
        if (keepFirst(userDigests, user, path, 'person', skipped)) people.add(user.id, slackDisplayName(user));
      });
    }
    for (const [file, kind] of Object.entries(LIST_FILES)) {
      const path = `${root}${file}`;
      if (source.files.find(path) !== undefined) lists.push({ path, holds: kind });
      await readList(source, path, slackChannelSchema, problems, (channel) => {
        if (!keepFirst(listed, channel, path, 'conversation', skipped)) return;
        const name = channel.name?.trim().normalize('NFC') || channel.id;
        const folder = `${root}${kind === 'dm' ? channel.id : name}`;
        conversations.set(channel.id, { id: channel.id, kind, name, folder, listed: true, dayFiles: [] });
        folderOwner.set(folder, channel.id);
      });
    }
  }

  for (const [folder, days] of daysByFolder) {
    const sorted = days.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0)).map(({ file }) => file);
    const owner = folderOwner.get(folder);
    if (owner) {
      conversations.get(owner)!.dayFiles = sorted;
      continue;
    }
    const root = roots.filter((candidate) => folder.startsWith(candidate)).sort((a, b) => b.length - a.length)[0] ?? '';
    const name = folder.slice(root.length);
    if (name.includes('/')) {
      skipped.push({ item: `${folder}/`, reason: 'nested folder: not a conversation of this export' });
      continue;
    }
    const id = unlistedId(folder);
    conversations.set(id, { id, kind: guessUnlistedKind(name), name, folder, listed: false, dayFiles: sorted });
  }

  if (people.count === 0 && conversations.size === 0) {
    throw new ImportRefusedError(
      `${source.label} does not look like a Slack export: no users.json, channels.json or YYYY-MM-DD.json day files at its top level or in its single top folder`,
    );
  }

  const hasUserList = roots.some((root) => USER_FILES.some((file) => source.files.find(`${root}${file}`) !== undefined));
  if (!hasUserList) {
    skipped.unshift({ item: 'users.json', reason: 'not in the export: people are known only from what their messages say of them (names, no email)' });
  }

  // Every file that is neither a list nor a day file is named: at the top level (canvases, integration logs)
  // as in folders (a damaged name such as `2020-01-01.js\x01n` must not lose its messages without a word).
  const listPaths = new Set(roots.flatMap((root) => [...USER_FILES, ...Object.keys(LIST_FILES)].map((file) => `${root}${file}`)));
  const ignored = kept.map((file) => paths[file]!).filter((path) => !listPaths.has(path) && !DAY_FILE.test(path)).sort();

  const channelNames = new NameTableBuilder();
  for (const conversation of conversations.values()) if (isNamedChannel(conversation)) channelNames.add(conversation.id, conversation.name);

  return {
    names: { people: people.build(), channels: channelNames.build() },
    lists,
    conversations: [...conversations.values()].sort((a, b) => a.folder.localeCompare(b.folder)),
    skipped,
    ignored,
    ignoredFields: problems.ignoredFields.list(),
    dropped: problems.dropped,
  };
}
