import { createRandom, type Random } from '../../src/core/synthetic-export/seeded-random.ts';
import { writeRawZip } from '../support/raw-zip.ts';

/** An export as its files, name → bytes; names may hold any character, as damaged zips do. */
export type ExportFiles = Map<string, Buffer>;

export interface Mutant {
  kind: string;
  seed: number;
  /** The zip to import. */
  zip: Buffer;
  /** Day files of the original that the mutant no longer holds at all: no importer can see their messages. */
  removed: Set<string>;
  /** Original day-file name → its name in the mutant, when the mutation renamed it. */
  renamed: Map<string, string>;
}

const DAY_FILE = /^(.*)\/(\d{4}-\d{2}-\d{2})\.json$/s;
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

function parse(data: Buffer | undefined): unknown {
  try {
    return data ? JSON.parse(data.toString('utf8')) : undefined;
  } catch {
    return undefined;
  }
}

const dayFilesOf = (files: ExportFiles) => [...files.keys()].filter((name) => DAY_FILE.test(name));

/** The other JSON types a value can be turned into, as the tolerant reader's property test does. */
function otherValue(random: Random, original: unknown): unknown {
  const choices = [
    typeof original === 'number' ? String(original) : typeof original === 'string' && Number.isFinite(Number(original)) && original !== '' ? Number(original) : 7,
    null,
    true,
    [1, 'a'],
    { a: 1 },
    'x'.repeat(random.between(1, 100_000)),
    -1,
    1e308,
  ];
  return random.pick(choices);
}

/** A record of an array file (list or day file), with one of its fields changed. */
function retypeOneField(random: Random, files: ExportFiles, name: string): boolean {
  const list = parse(files.get(name));
  if (!Array.isArray(list) || list.length === 0) return false;
  const record = random.pick(list) as Record<string, unknown>;
  if (record === null || typeof record !== 'object') return false;
  const keys = Object.keys(record);
  if (keys.length === 0) return false;
  const key = random.pick(keys);
  record[key] = otherValue(random, record[key]);
  files.set(name, json(list));
  return true;
}

type Mutation = (random: Random, files: ExportFiles, mutant: Omit<Mutant, 'zip' | 'kind' | 'seed'> & { eocdShort?: boolean }) => boolean;

const MUTATIONS: Record<string, Mutation> = {
  'truncate a file': (random, files) => {
    const name = random.pick([...files.keys()]);
    const data = files.get(name)!;
    files.set(name, data.subarray(0, random.below(Math.max(1, data.length))));
    return true;
  },
  'change a byte': (random, files) => {
    const name = random.pick([...files.keys()]);
    const data = Buffer.from(files.get(name)!);
    if (data.length === 0) return false;
    data[random.below(data.length)] = random.below(256);
    files.set(name, data);
    return true;
  },
  'remove a list file': (random, files) => {
    const lists = [...files.keys()].filter((name) => /(^|\/)(users|channels|groups|dms|mpims|org_users)\.json$/.test(name));
    if (lists.length === 0) return false;
    files.delete(random.pick(lists));
    return true;
  },
  'remove a day file': (random, files, mutant) => {
    const days = dayFilesOf(files);
    if (days.length < 2) return false;
    const name = random.pick(days);
    files.delete(name);
    mutant.removed.add(name);
    return true;
  },
  'damage a day file name': (random, files, mutant) => {
    const days = dayFilesOf(files);
    if (days.length === 0) return false;
    const name = random.pick(days);
    const damaged = random.pick([`${name.slice(0, -2)}\u0001n`, `${name}\n`, name.replace('.json', '.js\u0001n'), `${name.slice(0, -5)}\u001b[31m.json`]);
    files.set(damaged, files.get(name)!);
    files.delete(name);
    mutant.renamed.set(name, damaged);
    return true;
  },
  'rename a channel with control characters': (random, files, mutant) => {
    const channels = parse(files.get('channels.json'));
    if (!Array.isArray(channels) || channels.length === 0) return false;
    const channel = random.pick(channels) as { name?: string };
    if (typeof channel.name !== 'string') return false;
    const renamed = random.pick([`${channel.name}\n2`, `\u001b[2J${channel.name}`, `x:${channel.name}`, `${channel.name}\u0007`]);
    for (const name of dayFilesOf(files).filter((day) => day.startsWith(`${channel.name}/`))) {
      const moved = `${renamed}${name.slice(channel.name.length)}`;
      files.set(moved, files.get(name)!);
      files.delete(name);
      mutant.renamed.set(name, moved);
    }
    channel.name = renamed;
    files.set('channels.json', json(channels));
    return true;
  },
  'retype a field of a list': (random, files) => {
    const lists = [...files.keys()].filter((name) => /(users|channels|groups)\.json$/.test(name));
    return lists.length > 0 && retypeOneField(random, files, random.pick(lists));
  },
  'retype a field of a message': (random, files) => {
    const days = dayFilesOf(files);
    return days.length > 0 && retypeOneField(random, files, random.pick(days));
  },
  'write numbers as strings and ts as numbers': (_random, files) => {
    for (const name of files.keys()) {
      const list = parse(files.get(name));
      if (!Array.isArray(list)) continue;
      for (const record of list as Record<string, unknown>[]) {
        if (record && typeof record.created === 'number') record.created = String(record.created);
        if (record && typeof record.ts === 'string' && /^\d+\.\d{6}$/.test(record.ts)) record.ts = Number(record.ts);
      }
      files.set(name, json(list));
    }
    return true;
  },
  'copy a message into another day with another text': (random, files) => {
    const days = dayFilesOf(files);
    if (days.length < 2) return false;
    const from = random.pick(days);
    const folder = from.slice(0, from.lastIndexOf('/'));
    const to = random.pick(days.filter((day) => day.startsWith(`${folder}/`)));
    const source = parse(files.get(from));
    const target = parse(files.get(to));
    if (!Array.isArray(source) || !Array.isArray(target) || source.length === 0) return false;
    target.push({ ...(random.pick(source) as object), text: 'copie modifiée' });
    files.set(to, json(target));
    return true;
  },
  'give two channels one id': (random, files) => {
    const channels = parse(files.get('channels.json'));
    if (!Array.isArray(channels) || channels.length < 2) return false;
    const [a, b] = random.shuffled(channels) as { id: string }[];
    b!.id = a!.id;
    files.set('channels.json', json(channels));
    return true;
  },
  'give two people one id': (random, files) => {
    const users = parse(files.get('users.json'));
    if (!Array.isArray(users) || users.length < 2) return false;
    const [a, b] = random.shuffled(users) as { id: string }[];
    b!.id = a!.id;
    files.set('users.json', json(users));
    return true;
  },
  'count one entry short in the zip': (_random, _files, mutant) => {
    mutant.eocdShort = true;
    return true;
  },
  'nest a message very deep': (random, files) => {
    const days = dayFilesOf(files);
    if (days.length === 0) return false;
    const name = random.pick(days);
    const text = files.get(name)!.toString('utf8');
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    files.set(name, Buffer.from(text.replace(/^\s*\[/, `[${deep},`)));
    return true;
  },
  'make a day file an object': (random, files) => {
    const days = dayFilesOf(files);
    if (days.length === 0) return false;
    const name = random.pick(days);
    files.set(name, json({ messages: parse(files.get(name)) }));
    return true;
  },
  'set a channel created to 1e308': (random, files) => {
    const channels = parse(files.get('channels.json'));
    if (!Array.isArray(channels) || channels.length === 0) return false;
    (random.pick(channels) as { created: unknown }).created = 1e308;
    files.set('channels.json', json(channels));
    return true;
  },
};

export const MUTATION_KINDS = Object.keys(MUTATIONS);

/** One seeded mutant of an export: the same seed always gives the same bytes. */
export function mutate(base: ExportFiles, seed: number): Mutant {
  const random = createRandom(seed);
  for (let attempt = 0; ; attempt++) {
    const kind = MUTATION_KINDS[(seed + attempt) % MUTATION_KINDS.length]!;
    const files = new Map(base);
    const state = { removed: new Set<string>(), renamed: new Map<string, string>(), eocdShort: false };
    if (!MUTATIONS[kind]!(random, files, state)) continue;
    const zip = writeRawZip([...files].map(([name, data]) => ({ name: Buffer.from(name, 'utf8'), data, method: 'deflate' as const, utf8Flag: true })));
    if (state.eocdShort) {
      const end = zip.length - 22;
      zip.writeUInt16LE(zip.readUInt16LE(end + 8) - 1, end + 8);
      zip.writeUInt16LE(zip.readUInt16LE(end + 10) - 1, end + 10);
    }
    return { kind, seed, zip, removed: state.removed, renamed: state.renamed };
  }
}
