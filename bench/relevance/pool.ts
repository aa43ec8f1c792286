/**
 * node bench/relevance/pool.ts --corpus hyperledger [--only id,id] [--depth 10]
 * node bench/relevance/pool.ts --corpus hyperledger --record grades.txt
 *
 * The judging aid. Pools, for every question, the first messages of several
 * retrievals — the embedded engine through searchArchive as typed and on its
 * content words only, the plain BM25 baseline, and a loose BM25 (stop words
 * dropped, crude stemming) — prints the ones not judged yet, numbered, with
 * their text, and keeps the pool in bench/out/pool-<corpus>.json. A person reads
 * them and writes grades, one a line: `<question id> <number> <0|1|2> <why>`;
 * `--record` adds them to the judgment file. Judging more than the pool (found
 * by reading around) works the same way with `<channel name>/<ts>` for the number.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_OUT } from '../fixtures.ts';
import Libsql from 'libsql';
import { channelKeys, CORPORA, type CorpusName } from './corpora.ts';
import { loadJudgments, type JudgmentSet } from './judgments.ts';
import { openCorpus } from './session.ts';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: 'hyperledger' },
    only: { type: 'string' },
    depth: { type: 'string', default: '10' },
    record: { type: 'string' },
  },
});

const STOP = new Set(
  `a an the to of in on for and or is are was be i we you it this that with how what why when who where which do does did can could
  should would any anyone there my me our your from at by as not no if so but have has get got use using vs about le la les un une des de du
  et ou en au aux est sont pour par sur dans qui que quoi quand comment quel quelle ce cette ces on nous vous je il elle a d l s`.split(
    /\s+/,
  ),
);

/** Good enough to pool "install", "installing" and "installation" together; never used for figures. */
function loose(word: string): string | null {
  if (STOP.has(word)) return null;
  if (word.length <= 4) return word;
  return word.replace(/(ations?|ements?|ments?|ings?|ers?|ed|es|s|e)$/, '') || word;
}

const corpus = CORPORA[values.corpus as CorpusName];
if (!corpus) throw new Error(`unknown corpus ${values.corpus}`);
const poolFile = path.join(BENCH_OUT, `pool-${corpus.name}.json`);
const set = loadJudgments(corpus.judgmentsFile);

if (values.record) {
  record(set, fs.readFileSync(values.record, 'utf8'));
} else {
  await pool(set);
}

async function pool(set: JudgmentSet): Promise<void> {
  const depth = Number(values.depth);
  const session = await openCorpus(corpus);
  const looseBm25 = session.bm25With(loose);
  const only = values.only ? new Set(values.only.split(',')) : null;
  const saved: Record<string, string[]> = fs.existsSync(poolFile) ? JSON.parse(fs.readFileSync(poolFile, 'utf8')) : {};
  const text = session.raw.prepare('SELECT plain FROM messages WHERE channel_id = ? AND ts = ?');
  const storeOf = new Map([...session.keys].map(([storeId, { key }]) => [key, storeId]));
  for (const q of set.questions) {
    if (only && !only.has(q.id)) continue;
    const content = q.question
      .split(/\s+/)
      .filter((word) => !STOP.has(word.toLowerCase()))
      .join(' ');
    const methods: [string, string[]][] = [
      ['engine', (await session.engine(q.question)).slice(0, depth)],
      ['engine-content', (await session.engine(content)).slice(0, depth)],
      ['bm25', session.bm25(q.question, depth)],
      ['loose', looseBm25.search(q.question, session.access.readable, depth).map((hit) => session.keyOf(hit.channelId, hit.ts))],
    ];
    const judged = new Set(q.judged.map((entry) => `${entry.channel}/${entry.ts}`));
    const refs = saved[q.id] ?? [];
    const found = new Map<string, string[]>();
    for (const [method, keys] of methods) for (const key of keys) (found.get(key) ?? found.set(key, []).get(key)!).push(method);
    for (const key of found.keys()) if (!refs.includes(key)) refs.push(key);
    saved[q.id] = refs;
    const open = [...found].filter(([key]) => !judged.has(key));
    console.log(`\n## ${q.id} [${q.class}] ${q.question} — ${open.length} to judge (${judged.size} judged)`);
    for (const [key, by] of open) {
      const [channel, ts] = splitKey(key);
      const name = session.keys.get(storeOf.get(channel) ?? channel)?.name ?? channel;
      const row = text.get(storeOf.get(channel) ?? channel, ts) as { plain: string } | undefined;
      const body = (row?.plain ?? '').replace(/\s+/g, ' ');
      const day = new Date(Number(ts) * 1000).toISOString().slice(0, 10);
      console.log(`${refs.indexOf(key)} [${by.join(',')}] #${name} ${day} | ${body.slice(0, 420)}`);
    }
  }
  fs.mkdirSync(BENCH_OUT, { recursive: true });
  fs.writeFileSync(poolFile, JSON.stringify(saved));
  await session.close();
}

function splitKey(key: string): [string, string] {
  const at = key.lastIndexOf('/');
  return [key.slice(0, at), key.slice(at + 1)];
}

function record(set: JudgmentSet, grades: string): void {
  const saved: Record<string, string[]> = JSON.parse(fs.readFileSync(poolFile, 'utf8'));
  const byName = new Map<string, string>();
  const names = new Map<string, string>();
  for (const { key, name } of channelNames().values()) {
    byName.set(name, key);
    names.set(key, name);
  }
  let added = 0;
  for (const line of grades.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const match = /^(\S+)\s+(\S+)\s+([012])\s+(.+)$/.exec(line.trim());
    if (!match) throw new Error(`cannot read: ${line}`);
    const [, id, ref, grade, why] = match;
    const q = set.questions.find((candidate) => candidate.id === id);
    if (!q) throw new Error(`no question ${id}`);
    let key: string | undefined;
    if (/^\d+$/.test(ref!)) key = saved[id!]?.[Number(ref)];
    else {
      const [name, ts] = splitKey(ref!);
      key = byName.has(name) ? `${byName.get(name)}/${ts}` : undefined;
    }
    if (!key) throw new Error(`no message ${ref} for ${id}`);
    const [channel, ts] = splitKey(key);
    const entry = { channel, channelName: names.get(channel) ?? channel, ts, grade: Number(grade) as 0 | 1 | 2, why: why!.trim() };
    const at = q.judged.findIndex((judged) => judged.channel === channel && judged.ts === ts);
    if (at === -1) {
      q.judged.push(entry);
      added++;
    } else q.judged[at] = entry;
  }
  fs.writeFileSync(corpus.judgmentsFile, `${JSON.stringify(set, null, 2)}\n`);
  console.log(`${added} judgments added to ${corpus.judgmentsFile}`);
}

/** Store channel → key and name, read from the store the pool came from. */
function channelNames(): Map<string, { key: string; name: string }> {
  const db = new Libsql(path.join(BENCH_OUT, `relevance-${corpus.name}`, 'passerelle.sqlite'), { readonly: true });
  try {
    return channelKeys(db, corpus.source);
  } finally {
    db.close();
  }
}
