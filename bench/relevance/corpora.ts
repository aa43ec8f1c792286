/**
 * The real exports the relevance bench judges, each imported once into
 * bench/out/relevance-<name>/ (as `passerelle import` does) and reused, the
 * reader the questions are asked as, and the stable key of each message.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Libsql from 'libsql';
import type { Reader } from '../../src/core/archive/access.ts';
import { BENCH_OUT } from '../fixtures.ts';
import { ensureSyntheticExport, SYNTHETIC_OPTIONS, syntheticReader } from './synthetic-corpus.ts';

export type CorpusName = 'hyperledger' | 'demo' | 'synthetic';

export interface Corpus {
  name: CorpusName;
  /** The export: a zip or a folder. */
  source: string;
  judgmentsFile: string;
  /** Who asks the questions: a member who reads the channels the judged messages are in. */
  reader: Reader;
  /** Makes the export when it is generated rather than kept (see the synthetic one). */
  ensureSource?(): Promise<void>;
  /** What the bench does to the fresh store before it is used (see the hyperledger one). */
  prepare?(db: Libsql.Database): void;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');

const HYPERLEDGER = path.resolve(repo, '../shared/corpora/hyperledger-slack-2016.zip');
const SYNTHETIC = path.join(BENCH_OUT, `synthetic-export-${SYNTHETIC_OPTIONS.messages}-seed${SYNTHETIC_OPTIONS.seed}`);

export const CORPORA: Record<CorpusName, Corpus> = {
  hyperledger: {
    name: 'hyperledger',
    source: HYPERLEDGER,
    judgmentsFile: path.join(here, 'hyperledger-judgments.json'),
    reader: { id: 'bench-reader', slackPersonId: null, role: 'member' },
    // Today's importer skips this export's channels.json (`created` is a string), so every channel
    // arrives private with no members and nobody could read it. Its channels are public in Slack,
    // and their topics and purposes (which search reads with their messages) are in that list.
    prepare(db) {
      db.prepare("UPDATE channels SET kind = 'public', listed = 1").run();
      const about = db.prepare('UPDATE channels SET topic = ?, purpose = ? WHERE name = ?');
      const listed = JSON.parse(zipEntry(HYPERLEDGER, 'channels.json')) as { name: string; topic?: { value?: string }; purpose?: { value?: string } }[];
      for (const channel of listed) about.run(channel.topic?.value || null, channel.purpose?.value || null, channel.name);
    },
  },
  demo: {
    name: 'demo',
    source: path.join(repo, 'demo/slack-export'),
    judgmentsFile: path.join(here, 'demo-judgments.json'),
    // Élise, who founded the community: she reads the public channels and the ethics committee's private one.
    reader: { id: 'bench-reader', slackPersonId: 'U04B1QK7ELS', role: 'member' },
  },
  synthetic: {
    name: 'synthetic',
    // Generated once into bench/out at fixed options (synthetic-corpus.ts), then reused like the others.
    source: SYNTHETIC,
    judgmentsFile: path.join(here, 'synthetic-judgments.json'),
    // Read from the export once it exists: a member of its private channel.
    get reader() {
      return syntheticReader(SYNTHETIC);
    },
    ensureSource: () => ensureSyntheticExport(SYNTHETIC),
  },
};

/** bench/out/relevance-<name>/, imported (direct messages left out, as by default) and prepared once. */
export function ensureCorpusStore(corpus: Corpus): string {
  const storeDir = path.join(BENCH_OUT, `relevance-${corpus.name}`);
  if (!fs.existsSync(corpus.source)) throw new Error(`${corpus.source} is missing: this corpus cannot be benched here`);
  if (!fs.existsSync(path.join(storeDir, 'passerelle.sqlite'))) {
    const partial = `${storeDir}.partial`;
    fs.rmSync(partial, { recursive: true, force: true });
    process.stderr.write(`importing ${corpus.source} into ${storeDir}…\n`);
    execFileSync(process.execPath, [path.join(repo, 'bench/import-once.ts'), corpus.source, partial], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (corpus.prepare) {
      const db = new Libsql(path.join(partial, 'passerelle.sqlite'));
      corpus.prepare(db);
      db.close();
    }
    fs.rmSync(storeDir, { recursive: true, force: true });
    fs.renameSync(partial, storeDir);
  }
  return storeDir;
}

/**
 * Judgments name a channel by its Slack id, which outlives any import: today's
 * importer gives this export's channels ids of its own (it cannot read their
 * list), a fixed one will keep Slack's. Store ids are mapped through the names.
 */
export function slackChannelIds(source: string): Map<string, string> {
  const ids = new Map<string, string>();
  for (const list of ['channels.json', 'groups.json']) {
    const text = fs.statSync(source).isDirectory()
      ? fs.existsSync(path.join(source, list))
        ? fs.readFileSync(path.join(source, list), 'utf8')
        : '[]'
      : zipEntry(source, list);
    for (const channel of JSON.parse(text) as { id: string; name: string }[]) ids.set(channel.name, channel.id);
  }
  return ids;
}

function zipEntry(zip: string, name: string): string {
  try {
    return execFileSync('unzip', ['-p', zip, name], { encoding: 'utf8', maxBuffer: 64 * 1024 ** 2, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '[]';
  }
}

/** Store channel id → the key judgments use (`<slack channel id>/<ts>` once joined with a ts). */
export function channelKeys(db: Libsql.Database, source: string): Map<string, { key: string; name: string }> {
  const slack = slackChannelIds(source);
  const rows = db.prepare('SELECT id, name FROM channels').all() as { id: string; name: string }[];
  return new Map(rows.map((row) => [row.id, { key: slack.get(row.name) ?? row.id, name: row.name }]));
}
