/**
 * node bench/relevance/subset.ts hl-02,hl-10,…
 *
 * Writes tests/relevance/hyperledger-subset/: a small Slack export cut from the
 * Hyperledger one (Apache-2.0, see its NOTICE) and the judgments of the questions
 * named, so that `npm test` guards ranking on real talk without ../shared. For each
 * question it keeps every judged message and the first page of both rankings over
 * the whole export (the distractors a ranking must beat), with their thread roots.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CORPORA } from './corpora.ts';
import { loadJudgments } from './judgments.ts';
import { openCorpus } from './session.ts';

const NOTICE = `This folder holds messages copied from the Hyperledger community's public Slack export
(January 2016 to February 2017), published by the Hyperledger project in its slack-archive repository
under the Apache License, Version 2.0 (the LICENSE file here). Only the messages and channels that the
questions in judgments.json need were kept, unchanged; channels.json writes \`created\` as a number and
lists no members. The questions, grades and reasons are derived from reading the messages.
`;

const ids = new Set(process.argv[2]!.split(','));
const corpus = CORPORA.hyperledger;
const out = path.resolve('tests/relevance/hyperledger-subset');
const set = loadJudgments(corpus.judgmentsFile);
const questions = set.questions.filter((q) => ids.has(q.id));
const session = await openCorpus(corpus);
const wanted = new Set<string>();
for (const q of questions) {
  for (const judged of q.judged) wanted.add(`${judged.channel}/${judged.ts}`);
  for (const key of [...(await session.engine(q.question)), ...session.bm25(q.question)]) wanted.add(key);
}
await session.close();

const zip = corpus.source;
const unzip = (...args: string[]) => execFileSync('unzip', ['-p', zip, ...args], { encoding: 'utf8', maxBuffer: 512 * 1024 ** 2 });
type Channel = { id: string; name: string; created: string | number; topic?: { value: string }; purpose?: { value: string } } & Record<string, unknown>;
const channels = JSON.parse(unzip('channels.json')) as Channel[];
const byId = new Map(channels.map((channel) => [channel.id, channel]));
const wantedChannels = new Set([...wanted].map((key) => key.slice(0, key.lastIndexOf('/'))));
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
// The channels' folders, unzipped once: reading day files one unzip at a time takes minutes.
const unzipped = fs.mkdtempSync(path.join(os.tmpdir(), 'hyperledger-subset-'));
const names = [...wantedChannels].map((id) => byId.get(id)!.name);
execFileSync('unzip', ['-q', '-o', zip, ...names.map((name) => `${name}/*`), '-d', unzipped]);
for (const id of wantedChannels) {
  const channel = byId.get(id)!;
  const days = fs.readdirSync(path.join(unzipped, channel.name)).filter((file) => file.endsWith('.json')).map((file) => `${channel.name}/${file}`);
  for (const day of days) {
    const messages = JSON.parse(fs.readFileSync(path.join(unzipped, day), 'utf8')) as { ts: string; thread_ts?: string }[];
    const roots = new Set(messages.filter((m) => wanted.has(`${id}/${m.ts}`) && m.thread_ts && m.thread_ts !== m.ts).map((m) => m.thread_ts!));
    const kept = messages.filter((m) => wanted.has(`${id}/${m.ts}`) || roots.has(m.ts));
    if (kept.length === 0) continue;
    fs.mkdirSync(path.join(out, channel.name), { recursive: true });
    fs.writeFileSync(path.join(out, day), `${JSON.stringify(kept, null, 1)}\n`);
  }
}
// `created` as Slack writes it (a number): the importer then reads the channels, public, with their topics and purposes.
const kept = channels.filter((channel) => wantedChannels.has(channel.id)).map((channel) => ({ ...channel, created: Number(channel.created), members: [] }));
fs.writeFileSync(path.join(out, 'channels.json'), `${JSON.stringify(kept, null, 1)}\n`);
fs.writeFileSync(path.join(out, 'judgments.json'), `${JSON.stringify({ ...set, questions }, null, 2)}\n`);
fs.writeFileSync(path.join(out, 'NOTICE'), NOTICE);
fs.copyFileSync(zip.replace(/\.zip$/, '.LICENSE'), path.join(out, 'LICENSE'));
fs.rmSync(unzipped, { recursive: true, force: true });
console.log(`${wanted.size} messages wanted, ${questions.length} questions, ${wantedChannels.size} channels → ${out}`);

