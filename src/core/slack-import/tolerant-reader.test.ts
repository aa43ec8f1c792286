import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../../../tests/support/memory-source.ts';
import { LISTED_PER_FILE } from './file-skips.ts';
import { readExportLayout } from './layout/layout.ts';
import { NameLookup } from './layout/name-table.ts';
import { readDirectory } from './layout/read-directory.ts';
import type { DirectoryBatch } from './layout/directory-batch.ts';
import type { ExportSource } from './source/export-source.ts';
import { mapDayFile, type MappedDayFile } from './map/map-day-file.ts';
import { buildRenderContext } from './map/render-context.ts';
import type { IgnoredField } from './ignored-fields.ts';
import { slackChannelSchema, slackMessageSchema, slackUserSchema } from './schemas.ts';

/*
 * The tolerant reader's promise, checked on mutants of valid records: a field
 * that does not fit loses that field, never the record, and the summary names it.
 * Only a record whose identity (`id`, `ts`) does not survive may be left out.
 */

const CHANNEL = {
  id: 'C0TOLERANT',
  name: 'general',
  created: 1433558319,
  creator: 'U0AUTHOR01',
  is_archived: false,
  is_general: true,
  members: ['U0AUTHOR01', 'U0AUTHOR02'],
  topic: { value: 'Le sujet', creator: 'U0AUTHOR01', last_set: 1433558319 },
  purpose: { value: 'Le but', creator: 'U0AUTHOR01', last_set: 0 },
};

const USER = {
  id: 'U0AUTHOR01',
  team_id: 'T0TEAM0001',
  name: 'ana',
  real_name: 'Ana Lima',
  deleted: false,
  is_bot: false,
  tz: 'Europe/Paris',
  tz_offset: 3600,
  profile: { real_name: 'Ana Lima', display_name: 'ana', email: 'ana@example.org', image_72: 'https://example.org/a.png' },
};

const MESSAGE = {
  type: 'message',
  subtype: 'file_share',
  ts: '1433558319.000200',
  user: 'U0AUTHOR01',
  text: 'Voici le *plan*',
  thread_ts: '1433558319.000200',
  edited: { user: 'U0AUTHOR01', ts: '1433558400.000000' },
  reactions: [{ name: 'tada', users: ['U0AUTHOR02'], count: 1 }],
  files: [{ id: 'F0FILE0001', name: 'plan.pdf', title: 'Plan', mimetype: 'application/pdf', size: 2048, mode: 'hosted' }],
  attachments: [{ fallback: 'Lien', title: 'Lien', title_link: 'https://example.org', fields: [{ title: 'a', value: 'b' }] }],
  user_profile: { real_name: 'Ana Lima', display_name: 'ana', name: 'ana' },
};

type Path = (string | number)[];

/** Every place in a record a mutation can hit: fields, elements, and fields of those. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const inner = Array.isArray(value)
    ? value.flatMap((item, index) => pathsOf(item, [...prefix, index]))
    : Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...prefix, key]));
  return prefix.length === 0 ? inner : [prefix, ...inner];
}

function withValueAt<T>(record: T, path: Path, value: unknown): T {
  const copy = structuredClone(record) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = value;
  return copy as T;
}

function valueAt(record: unknown, path: Path): unknown {
  return path.reduce<unknown>((value, key) => (value as Record<string | number, unknown>)[key], record);
}

/** The other JSON types a field can turn into, its own value spelled the other way (string ↔ number) first. */
function replacementFor(original: unknown): fc.Arbitrary<unknown> {
  const otherSpelling =
    typeof original === 'number' ? fc.constant(String(original)) : typeof original === 'string' && original !== '' && Number.isFinite(Number(original)) ? fc.constant(Number(original)) : fc.constant(12345);
  return fc.oneof(
    otherSpelling,
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.string(),
    fc.constant('x'.repeat(200_000)),
    fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  );
}

/** `files.0.size` → `files[].size`, as the summary writes fields. */
const fieldOf = (path: Path) => path.map((key, index) => (typeof key === 'number' ? '[]' : index === 0 ? key : `.${key}`)).join('');

function expectNamed(ignoredFields: IgnoredField[], file: string, path: Path): void {
  const field = fieldOf(path);
  const named = ignoredFields.filter((entry) => entry.file === file && (field.startsWith(entry.field) || entry.field.startsWith(field)));
  expect(named, `${file}: ${field} should be named among ${JSON.stringify(ignoredFields)}`).not.toHaveLength(0);
  for (const entry of named) expect(entry.count).toBe(1);
}

const mutants = <T,>(record: T) =>
  fc.constantFrom(...pathsOf(record)).chain((path) => replacementFor(valueAt(record, path)).map((value) => ({ path, value, mutant: withValueAt(record, path, value) })));

/** The channel rows the directory would write, read again from the export's lists. */
async function channelRows(source: ExportSource) {
  const layout = await readExportLayout(source);
  const batches: DirectoryBatch[] = [];
  await readDirectory(source, layout, layout.conversations, async (batch) => void batches.push(batch));
  return { layout, rows: batches.flatMap((batch) => batch.channels) };
}

const RUNS = { numRuns: 300, seed: 20150605 };

/** A day file of a few messages, mapped: one part. */
async function mapWhole(messages: unknown[], context: ReturnType<typeof buildRenderContext>): Promise<MappedDayFile> {
  const data = Buffer.from(JSON.stringify(messages));
  const parts: MappedDayFile[] = [];
  await mapDayFile('general/2015-06-05.json', { where: { memory: data }, compression: 'none', size: data.length, crc32: undefined, fingerprint: 'f' }, CHANNEL.id, context, (part) => void parts.push(part));
  expect(parts).toHaveLength(1);
  return parts[0]!;
}

describe('the tolerant reader keeps a record whose identity survives', () => {
  it('channels.json: any field of a channel turned into another type', async () => {
    await fc.assert(
      fc.asyncProperty(mutants(CHANNEL), async ({ path, mutant }) => {
        const layout = await readExportLayout(memorySource({ 'channels.json': [mutant], 'users.json': [USER], 'general/2015-06-05.json': [MESSAGE] }));
        if (path[0] === 'id' && !slackChannelSchema.shape.id.safeParse(mutant.id).success) return;
        const channel = layout.conversations.find((conversation) => conversation.id === mutant.id);
        expect(channel, `channel kept after ${fieldOf(path)} changed`).toMatchObject({ kind: 'public', listed: true });
        if (!slackChannelSchema.safeParse(mutant).success) expectNamed(layout.ignoredFields, 'channels.json', path);
      }),
      RUNS,
    );
  });

  it('users.json: any field of a person turned into another type', async () => {
    await fc.assert(
      fc.asyncProperty(mutants(USER), async ({ path, mutant }) => {
        const layout = await readExportLayout(memorySource({ 'channels.json': [CHANNEL], 'users.json': [mutant] }));
        if (path[0] === 'id' && !slackUserSchema.shape.id.safeParse(mutant.id).success) return;
        expect([...new NameLookup(layout.names.people).entries()].map(([id]) => id)).toEqual([mutant.id]);
        if (!slackUserSchema.safeParse(mutant).success) expectNamed(layout.ignoredFields, 'users.json', path);
      }),
      RUNS,
    );
  });

  it('day files: any field of a message turned into another type', async () => {
    const context = buildRenderContext([], []);
    await fc.assert(
      fc.asyncProperty(mutants(MESSAGE), async ({ path, mutant }) => {
        const day = await mapWhole([mutant], context);
        const ts = slackMessageSchema.shape.ts.safeParse(mutant.ts);
        if (path[0] === 'ts' && !ts.success) {
          // Left out, and said so: counted apart from the ignored fields.
          expect(day.dropped).toBe(1);
          expect(day.skipped).toHaveLength(1);
          return;
        }
        expect(day.mapped.map(({ message }) => message.ts)).toEqual([MESSAGE.ts]);
        if (!slackMessageSchema.safeParse(mutant).success) expectNamed(day.ignoredFields, 'day files', path);
      }),
      RUNS,
    );
  });
});

describe('numbers Slack wrote as strings, and the other way round', () => {
  it('reads a channels.json whose `created` is a string: the channel stays public and listed', async () => {
    const { layout, rows } = await channelRows(memorySource({ 'channels.json': [{ ...CHANNEL, created: '1433558319' }], 'general/2015-06-05.json': [MESSAGE] }));
    expect(layout.conversations).toEqual([expect.objectContaining({ id: CHANNEL.id, kind: 'public', listed: true })]);
    expect(rows).toEqual([expect.objectContaining({ id: CHANNEL.id, createdAt: 1433558319 * 1000 })]);
    expect(layout.ignoredFields).toEqual([]);
  });

  it('reads ts, thread_ts and edited.ts written as numbers, and sizes and counts written as strings', async () => {
    const raw = { ...MESSAGE, ts: 1433558319.0002, thread_ts: 1433558319.0002, edited: { user: 'U0AUTHOR01', ts: 1433558400 }, reactions: [{ name: 'tada', users: [], count: '3' }], files: [{ id: 'F1', name: 'a', size: '2048' }] };
    const day = await mapWhole([raw], buildRenderContext([], []));
    expect(day.ignoredFields).toEqual([]);
    const [{ message, reactions, files }] = day.mapped as [(typeof day.mapped)[number]];
    expect(message).toMatchObject({ ts: '1433558319.000200', threadTs: '1433558319.000200', editedTs: '1433558400.000000' });
    expect(reactions[0]?.count).toBe(3);
    expect(files[0]?.size).toBe(2048);
  });

  it('ignores a `created` of 1e308 instead of storing Infinity, naming it once for all the channels that have it', async () => {
    const channels = [1, 2, 3].map((n) => ({ ...CHANNEL, id: `C0HUGE000${n}`, name: `huge-${n}`, created: 1e308 }));
    const { layout, rows } = await channelRows(memorySource({ 'channels.json': channels }));
    expect(rows.map((row) => [row.id, row.createdAt])).toEqual(channels.map((c) => [c.id, null]));
    expect(layout.ignoredFields).toEqual([{ file: 'channels.json', field: 'created', count: 3, example: expect.stringContaining('channels.json [0]') }]);
  });
});

describe('an id that is not a Slack id', () => {
  it('leaves the record out, named: its folder is then the unlisted conversation a clean export can take back', async () => {
    const layout = await readExportLayout(memorySource({ 'channels.json': [{ ...CHANNEL, id: 'x'.repeat(10_000) }], 'general/2015-06-05.json': [MESSAGE] }));
    expect(layout.dropped).toBe(1);
    expect(layout.skipped).toContainEqual({ item: 'channels.json [0]', reason: expect.stringContaining('id: not a Slack id') });
    expect(layout.conversations).toEqual([expect.objectContaining({ folder: 'general', listed: false })]);
  });
});

describe('a list of broken records', () => {
  it('names its first records one by one and counts the rest in one line', async () => {
    const layout = await readExportLayout(memorySource({ 'channels.json': [CHANNEL], 'users.json': [...Array.from({ length: 50 }, (_, id) => ({ id })), USER] }));
    const lines = layout.skipped.filter((line) => line.item.startsWith('users.json'));
    expect(layout.dropped).toBe(50);
    expect(lines).toHaveLength(LISTED_PER_FILE + 1);
    expect(lines.at(-1)).toEqual({ item: 'users.json', reason: `and ${50 - LISTED_PER_FILE} more of its records skipped or replaced like those listed (only its first ${LISTED_PER_FILE} are)` });
  });
});
