/**
 * npm run bench:search -- --messages 1000000 [--queries 500] [--rounds 1] [--baseline-queries 100]
 *
 * Server-side latency of the archive search with the embedded engine (SQLite
 * FTS5): a fixed, seeded, bilingual query mix drawn from the index's own
 * vocabulary — 40% rare words, 30% mid-frequency, 20% common, 10% prefixes and
 * phrases; half with an `in:`, `from:` or date filter; every one with the access
 * filter of a member who reads the public channels but not the private ones —
 * timed through `searchArchive` (parse, access policy, engine, presentation).
 *
 * The same queries are then timed, as baselines, with ripgrep over the export's
 * files and with an in-memory MiniSearch index of the same messages (in a child
 * process, so its heap neither crashes this one nor slows the timings above).
 *
 * With --profile, one more (untimed) pass splits each category's time among the
 * engine's SQL statements and the rest of searchArchive.
 *
 * Reuses bench/out/export-<n>.zip and bench/out/archive-<n>/ (see fixtures.ts);
 * a store imported before search existed is indexed first.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import Libsql from 'libsql';
import MiniSearch from 'minisearch';
import { readableChannelIds, readerAccess, type Reader } from '../src/core/archive/access.ts';
import { openDatabase } from '../src/core/db/client.ts';
import { firstValue } from '../src/core/db/first-value.ts';
import { migrateDatabase } from '../src/core/db/migrate.ts';
import { ALL_DOCUMENTS_SQL, COUNT_DOCUMENTS_SQL, type DocumentRow } from '../src/core/search/documents.ts';
import { createEmbeddedEngine } from '../src/core/search/embedded/embedded-engine.ts';
import { foldWords } from '../src/core/search/fold.ts';
import type { SearchEngine, SearchRequest } from '../src/core/search/port.ts';
import { searchArchive } from '../src/core/search/search-archive.ts';
import { createRandom, type Random } from '../src/core/synthetic-export/seeded-random.ts';
import { VOCABULARIES, type Language } from '../src/core/synthetic-export/vocabulary.ts';
import { ensureExport, ensureExportFolder, ensureStore, machineLine, median, quantile } from './fixtures.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000000' },
    queries: { type: 'string', default: '500' },
    warmup: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '1' },
    'baseline-queries': { type: 'string', default: '100' },
    baselines: { type: 'string', default: 'ripgrep,minisearch' },
    seed: { type: 'string', default: '1' },
    'minisearch-child': { type: 'string' },
    /** After the timings, one more pass over the mix that says where the engine's time goes, statement by statement. */
    profile: { type: 'boolean', default: false },
  },
});

const TARGET_MS = 300;
const TIME_ZONE = process.env.TIME_ZONE ?? 'America/Toronto';

type Category = 'rare' | 'mid' | 'common' | 'typo' | 'prefix' | 'phrase';
/** Who searches: a member outside the private channels, or one who reads a third of the channels (the rest private to them). */
type ReaderKind = 'member' | 'restricted';
type FilterKind = 'none' | 'channel' | 'person' | 'date';
type Sort = 'relevance' | 'newest';

interface BenchQuery {
  category: Category;
  lang: Language;
  sort: Sort;
  filter: FilterKind;
  reader: ReaderKind;
  /** What the reader types. */
  q: string;
  /** The words as written in messages (accents kept), for ripgrep. */
  surface: string[];
  prefix: boolean;
  /** `in:` channel name, or the date filter as typed, for ripgrep. */
  channelName?: string;
  date?: { after?: string; during?: string };
}

/** What one query did, over the rounds. */
interface Measured {
  query: BenchQuery;
  times: number[];
  engineTimes: number[];
  /** CPU time of the process during the query: what an idle machine would take, when others load this one. */
  cpuTimes: number[];
  total: number;
  partial: boolean;
  request: SearchRequest | null;
}

const MB = 1024 ** 2;
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const ratio = (value: number) => (value >= 10 ? value.toFixed(0) : value.toFixed(1));
const load = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const messages = Number(values.messages);
  const queryCount = Number(values.queries);
  const rounds = Math.max(1, Number(values.rounds));
  const seed = Number(values.seed);
  const baselines = new Set(values.baselines!.split(',').filter(Boolean));
  const startedAt = new Date();

  const exportPath = await ensureExport(messages);
  const storeDir = ensureStore(messages, exportPath);
  const database = await openDatabase(storeDir);
  await migrateDatabase(database.db);
  const raw = new Libsql(database.file, { readonly: true });

  const statementTimes = values.profile ? timeStatements() : null;
  // A store imported before search existed: index it first.
  const engine = createEmbeddedEngine({ file: database.file, timeZone: TIME_ZONE });
  const queued = Number(firstValue(raw.prepare('SELECT count(*) FROM search_queue')));
  if (queued > 0) {
    process.stderr.write(`indexing ${queued} queued messages for search…\n`);
    const started = performance.now();
    let shown = 0;
    await engine.sync(({ indexed, total }) => {
      if (indexed - shown >= 100_000 || indexed === total) {
        shown = indexed;
        process.stderr.write(`  ${indexed} / ${total}\n`);
      }
    });
    process.stderr.write(`indexed in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  // A store indexed by an older version has no champion lists yet: a sync builds them (as an import's last sync does).
  const championsStarted = performance.now();
  const championsCpu = process.cpuUsage();
  await engine.sync();
  const championSeconds = (performance.now() - championsStarted) / 1000;
  const championCpuSeconds = ((used) => (used.user + used.system) / 1e6)(process.cpuUsage(championsCpu));
  const championWords = Number(firstValue(raw.prepare('SELECT count(*) FROM search_champion_lists')));
  const championMinDocs = Number(firstValue(raw.prepare('SELECT coalesce(min(docs), 0) FROM search_terms WHERE term IN (SELECT term FROM search_champion_lists)')));

  // The reader: a member linked to a Slack person who posted in public channels and belongs to no private one.
  const privateChannels = raw.prepare("SELECT id, name FROM channels WHERE kind != 'public'").all() as { id: string; name: string }[];
  const readerPerson = String(
    firstValue(
      raw.prepare(
        `SELECT p.id FROM people AS p WHERE p.is_bot = 0
         AND NOT EXISTS (SELECT 1 FROM channel_members AS m JOIN channels AS c ON c.id = m.channel_id WHERE m.person_id = p.id AND c.kind != 'public')
         AND EXISTS (SELECT 1 FROM messages AS x WHERE x.user_id = p.id) ORDER BY p.id LIMIT 1`,
      ),
    ),
  );
  const reader: Reader = { id: 'bench-reader', slackPersonId: readerPerson, role: 'member' };
  const readable = await readableChannelIds(database.db, reader);
  const unreadable = (raw.prepare('SELECT id FROM channels').pluck().all() as string[]).filter((id) => !readable.has(id));
  if (unreadable.length === 0) throw new Error('the reader reads every channel: the access clause would not be exercised');

  // A member who reads a third of the channels: the others are private to them, more than those they read, so
  // the engine's access clause lists the readable ones and ranks by the words in JavaScript (its slower path).
  const restricted = new Set([...readable].sort().filter((_, index) => index % 3 === 0));
  const accessOf = async (query: BenchQuery) => (query.reader === 'restricted' ? { reader, readable: restricted } : await readerAccess(deps.db, reader));
  const mix = buildMix(raw, readable, queryCount, seed);
  const warmup = buildMix(raw, readable, Number(values.warmup), seed + 1000);

  // Times the engine alone too, and keeps the request it got (the baselines run the same one).
  let lastRequest: SearchRequest | null = null;
  let lastEngineMs = 0;
  const timedEngine: SearchEngine = {
    ...engine,
    name: engine.name,
    async search(request) {
      lastRequest = request;
      const started = performance.now();
      insideEngine = true;
      try {
        return await engine.search(request);
      } finally {
        insideEngine = false;
        lastEngineMs = performance.now() - started;
      }
    },
  };
  const deps = { db: database.db, engine: timedEngine, timeZone: TIME_ZONE };

  const docCount = Number(firstValue(raw.prepare('SELECT count(*) FROM search_docs')));
  const loadBefore = load();
  process.stderr.write(`warming up (${warmup.length} queries)…\n`);
  for (const query of warmup) await searchArchive(deps, await accessOf(query), { q: query.q, sort: query.sort, page: 1 });

  const measured: Measured[] = mix.map((query) => ({
    query,
    times: [],
    engineTimes: [],
    cpuTimes: [],
    total: 0,
    partial: false,
    request: null,
  }));
  const roundSummaries: string[] = [];
  for (let round = 1; round <= rounds; round++) {
    process.stderr.write(`round ${round}/${rounds}: ${mix.length} queries…\n`);
    const roundTimes: number[] = [];
    for (const entry of measured) {
      lastRequest = null;
      lastEngineMs = 0;
      const cpu = process.cpuUsage();
      const started = performance.now();
      const outcome = await searchArchive(deps, await accessOf(entry.query), { q: entry.query.q, sort: entry.query.sort, page: 1 });
      const elapsed = performance.now() - started;
      const used = process.cpuUsage(cpu);
      entry.times.push(elapsed);
      entry.cpuTimes.push((used.user + used.system) / 1000);
      entry.engineTimes.push(lastEngineMs);
      roundTimes.push(elapsed);
      entry.request = lastRequest;
      if (outcome.status === 'ok') {
        entry.total = outcome.total;
        entry.partial = outcome.partial;
        // The access filter at work: nothing of a private channel, ever.
        const allowed = entry.query.reader === 'restricted' ? restricted : readable;
        if (
          outcome.hits.some((hit) => !allowed.has(hit.channelId)) ||
          outcome.facets.channels.some((facet) => !allowed.has(facet.value))
        ) {
          throw new Error(`private channel leaked for ${JSON.stringify(entry.query.q)}`);
        }
        const unresolved = outcome.notes.filter((note) => note.reason === 'unknown-channel' || note.reason === 'unknown-person');
        if (unresolved.length > 0)
          throw new Error(`bench query ${JSON.stringify(entry.query.q)} names nothing: ${JSON.stringify(unresolved)}`);
      } else if (outcome.status === 'unavailable') {
        throw new Error(`search unavailable for ${JSON.stringify(entry.query.q)}`);
      }
    }
    roundTimes.sort((a, b) => a - b);
    roundSummaries.push(
      `round ${round}: p50 ${fmt(quantile(roundTimes, 0.5))} p95 ${fmt(quantile(roundTimes, 0.95))} p99 ${fmt(quantile(roundTimes, 0.99))} max ${fmt(roundTimes.at(-1)!)} ms (load ${load()})`,
    );
  }
  const loadAfter = load();
  // The profile pass (untimed): each query's time split among the engine's statements and the rest.
  const profiles = new Map<Measured, Map<string, number>>();
  if (statementTimes) {
    process.stderr.write('profiling: one more pass over the mix…\n');
    for (const entry of measured) {
      statementTimes.clear();
      const started = performance.now();
      await searchArchive(deps, await accessOf(entry.query), { q: entry.query.q, sort: entry.query.sort, page: 1 });
      const total = performance.now() - started;
      const buckets = new Map(statementTimes);
      const inStatements = [...statementTimes.values()].reduce((sum, ms) => sum + ms, 0);
      buckets.set('engine, outside SQL', lastEngineMs - inStatements);
      buckets.set('searchArchive, outside the engine', total - lastEngineMs);
      buckets.set('total', total);
      profiles.set(entry, buckets);
    }
  }
  const timeOf = (entry: Measured) => median(entry.times);

  // Printed as it comes: a long baseline that fails or is stopped leaves the engine's figures on the screen.
  const print = (line = '') => console.log(line);
  print(`bench:search — ${startedAt.toISOString()}`);
  print(`machine: ${machineLine()}`);
  print(`load average (1/5/15 min): ${loadBefore} before, ${loadAfter} after the embedded timings`);
  print(
    `archive: ${messages} messages generated, ${docCount} indexed; reader ${readerPerson} reads ${readable.size} channels, not ${unreadable.length} private (${privateChannels.map((c) => `#${c.name}`).join(', ')}); the restricted reader reads ${restricted.size}, not ${readable.size + unreadable.length - restricted.size}`,
  );
  print(
    `champion lists: ${championWords} words (from ${championMinDocs} documents up); the sync before the timings took ${championSeconds.toFixed(1)} s, ${championCpuSeconds.toFixed(1)} s of CPU (their rebuild, when the index had changed since the last one; compare with bench:import's time)`,
  );
  print(
    `mix: ${mix.length} queries (seed ${seed}), ${countBy(mix, (q) => q.category)}; ${countBy(mix, (q) => q.filter)}; ${countBy(mix, (q) => q.sort)}; ${countBy(mix, (q) => q.lang)}; ${countBy(mix, (q) => `${q.reader} reader`)}`,
  );
  print(
    `embedded engine, searchArchive() server-side (parse, access policy, engine, presentation), warm, ${rounds} round(s)${rounds > 1 ? ', each query its median' : ''}:`,
  );
  print('');
  print(`| group | n | p50 | p95 | p99 | max | > ${TARGET_MS} ms | partial | engine p50 / p95 | CPU p50 / p95 / p99 |`);
  print('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const row = (label: string, group: readonly Measured[]) => {
    if (group.length === 0) return;
    const times = group.map(timeOf).sort((a, b) => a - b);
    const engine = group.map((entry) => median(entry.engineTimes)).sort((a, b) => a - b);
    const cpu = group.map((entry) => median(entry.cpuTimes)).sort((a, b) => a - b);
    print(
      `| ${label} | ${group.length} | ${fmt(quantile(times, 0.5))} | ${fmt(quantile(times, 0.95))} | ${fmt(quantile(times, 0.99))} | ${fmt(times.at(-1)!)} | ${times.filter((t) => t > TARGET_MS).length} | ${group.filter((e) => e.partial).length} | ${fmt(quantile(engine, 0.5))} / ${fmt(quantile(engine, 0.95))} | ${fmt(quantile(cpu, 0.5))} / ${fmt(quantile(cpu, 0.95))} / ${fmt(quantile(cpu, 0.99))} |`,
    );
  };
  for (const category of ['rare', 'mid', 'common', 'typo', 'prefix', 'phrase'] as const)
    row(
      category,
      measured.filter((e) => e.query.category === category),
    );
  for (const sort of ['relevance', 'newest'] as const)
    row(
      `sort ${sort}`,
      measured.filter((e) => e.query.sort === sort),
    );
  for (const filter of ['none', 'channel', 'person', 'date'] as const)
    row(
      `filter ${filter}`,
      measured.filter((e) => e.query.filter === filter),
    );
  for (const kind of ['member', 'restricted'] as const)
    row(
      `${kind} reader`,
      measured.filter((e) => e.query.reader === kind),
    );
  row('**all**', measured);
  print('');
  const all = measured.map(timeOf).sort((a, b) => a - b);
  const targets =
    messages >= 5_000_000
      ? [['p95', 0.95, 100]]
      : [
          ['p50', 0.5, 10],
          ['p95', 0.95, 50],
          ['p99', 0.99, 150],
        ];
  const verdicts = (targets as [string, number, number][]).map(
    ([name, q, limit]) => `${name} ${fmt(quantile(all, q))} ≤ ${limit} ms ${quantile(all, q) <= limit ? 'met' : 'MISSED'}`,
  );
  const over = all.filter((t) => t > TARGET_MS).length;
  verdicts.push(`none over ${TARGET_MS} ms ${over === 0 ? 'met' : `MISSED (${over})`}`);
  // Unranked: a relevance search that came newest first (too many matches to rank in budget), over every query of the mix.
  const unranked = measured.filter((entry) => entry.partial);
  const unrankedShare = (100 * unranked.length) / measured.length;
  const unrankedTarget = messages >= 5_000_000 ? 10 : 5;
  verdicts.push(`unranked ${unranked.length}/${measured.length} = ${unrankedShare.toFixed(1)} % ≤ ${unrankedTarget} % ${unrankedShare <= unrankedTarget ? 'met' : 'MISSED'}`);
  print(`targets: ${verdicts.join(' · ')}`);
  const cpuAll = measured.map((entry) => median(entry.cpuTimes)).sort((a, b) => a - b);
  print(
    `on CPU time (what an idle machine would take; the load above stretches wall time): p50 ${fmt(quantile(cpuAll, 0.5))} · p95 ${fmt(quantile(cpuAll, 0.95))} · p99 ${fmt(quantile(cpuAll, 0.99))} · max ${fmt(cpuAll.at(-1)!)} ms`,
  );
  if (rounds > 1) for (const summary of roundSummaries) print(`  ${summary}`);
  print(
    `unranked by category: ${(['rare', 'mid', 'common', 'typo', 'prefix', 'phrase'] as const).map((category) => `${category} ${unranked.filter((e) => e.query.category === category).length}/${measured.filter((e) => e.query.category === category).length}`).join(' · ')}; by filter: ${(['none', 'channel', 'person', 'date'] as const).map((filter) => `${filter} ${unranked.filter((e) => e.query.filter === filter).length}`).join(' · ')}; restricted reader ${unranked.filter((e) => e.query.reader === 'restricted').length}`,
  );
  for (const entry of unranked) print(`  unranked: ${entry.query.category.padEnd(6)} ${String(entry.total).padStart(5)}  ${entry.query.q}${entry.query.reader === 'restricted' ? '  (restricted reader)' : ''}`);
  print('');
  print('slowest queries (ms total / engine; matches counted to 10,000):');
  for (const entry of [...measured].sort((a, b) => timeOf(b) - timeOf(a)).slice(0, 12)) {
    print(
      `  ${fmt(timeOf(entry)).padStart(6)} / ${fmt(median(entry.engineTimes)).padStart(6)}  ${entry.query.category.padEnd(6)} ${entry.query.sort.padEnd(9)} ${String(entry.total).padStart(5)}${entry.partial ? ' partial' : '        '}  ${entry.query.q}${profileNote(profiles.get(entry))}`,
    );
  }

  if (profiles.size > 0) {
    const categories = [...new Set(measured.map((entry) => entry.query.category))];
    const names = [...new Set([...profiles.values()].flatMap((buckets) => [...buckets.keys()]))].sort((a, b) =>
      a === 'total' ? 1 : b === 'total' ? -1 : 0,
    );
    const mean = (category: string, name: string) => {
      const group = measured.filter((entry) => entry.query.category === category);
      return group.reduce((sum, entry) => sum + (profiles.get(entry)!.get(name) ?? 0), 0) / group.length;
    };
    print('');
    print('profile (mean ms per query, one untimed pass; engine statements on its own connection):');
    print(`| where | ${categories.join(' | ')} |`);
    print(`| --- | ${categories.map(() => '---').join(' | ')} |`);
    for (const name of names) print(`| ${name} | ${categories.map((category) => fmt(mean(category, name))).join(' | ')} |`);
  }

  // Baselines over a subset: every k-th query of the mix, so its proportions hold.
  const step = Math.max(1, Math.ceil(measured.length / Number(values['baseline-queries'])));
  const subset = measured.filter((_, index) => index % step === 0);
  const embeddedOnSubset = subset.map(timeOf).sort((a, b) => a - b);
  const ratios: string[] = [];
  const compare = (name: string, times: number[]) => {
    const sorted = [...times].sort((a, b) => a - b);
    const p50 = quantile(sorted, 0.5);
    const p95 = quantile(sorted, 0.95);
    ratios.push(
      `${name}/embedded: p50 ×${ratio(p50 / quantile(embeddedOnSubset, 0.5))}, p95 ×${ratio(p95 / quantile(embeddedOnSubset, 0.95))}`,
    );
    return `p50 ${fmt(p50)} · p95 ${fmt(p95)} · p99 ${fmt(quantile(sorted, 0.99))} · max ${fmt(sorted.at(-1)!)} ms`;
  };
  print('');
  print(
    `baselines on ${subset.length} of these queries (every ${step}th); embedded on the same: p50 ${fmt(quantile(embeddedOnSubset, 0.5))} · p95 ${fmt(quantile(embeddedOnSubset, 0.95))} ms`,
  );

  if (baselines.has('ripgrep')) {
    const rg = spawnSync('rg', ['--version'], { encoding: 'utf8' });
    if (rg.error || rg.status !== 0) {
      print('ripgrep: not installed (apt-get install ripgrep): skipped');
    } else {
      const folder = ensureExportFolder(messages, exportPath);
      const months = monthsOf(raw);
      const channelNames = new Map(
        (raw.prepare('SELECT id, name FROM channels').raw().all() as [string, string][]).map(([id, name]) => [id, name]),
      );
      const readableDirs = [...readable].map((id) => path.join(folder, channelNames.get(id)!)).filter((dir) => fs.existsSync(dir));
      process.stderr.write(`ripgrep: ${subset.length} queries over ${folder}…\n`);
      const times: number[] = [];
      for (const entry of subset) {
        const args = ripgrepArgs(entry.query, folder, readableDirs, months);
        const started = performance.now();
        const result = spawnSync('rg', args, { encoding: 'utf8', maxBuffer: 64 * MB });
        times.push(performance.now() - started);
        if (result.status === 2) throw new Error(`rg failed: ${result.stderr} (${args.join(' ')})`);
      }
      print(
        `ripgrep ${rg.stdout.split('\n')[0]} (${os.cpus().length} threads), \`rg -i -c\` over the JSON day files of the readable channels (the \`in:\` one only; days of the \`during:\`/\`after:\` months): a whole-word fixed string for words and phrases (as written, accents JSON-escaped like the export), a regex for prefixes; counts matching lines, no ranking, snippets, typos, accent folding or \`from:\` (searched without it); includes starting the process:`,
      );
      print(`  ${compare('ripgrep', times)}`);
    }
  }

  if (baselines.has('minisearch')) {
    const input = path.join(path.dirname(database.file), 'minisearch-queries.json');
    fs.writeFileSync(input, JSON.stringify({ file: database.file, requests: subset.map((entry) => entry.request) }));
    const budgetMb = Math.floor(Math.min(8192, (os.freemem() / MB) * 0.5));
    process.stderr.write(`MiniSearch: building in a child process (heap limit ${budgetMb} MiB)…\n`);
    const child = spawnSync(
      process.execPath,
      [`--max-old-space-size=${budgetMb}`, path.resolve('bench/search.ts'), '--minisearch-child', input],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 64 * MB,
      },
    );
    const last = child.stdout?.trim().split('\n').at(-1);
    if (child.status !== 0 || !last) {
      print(`MiniSearch: did not fit or failed (exit ${child.status ?? child.signal}, heap limit ${budgetMb} MiB): no figures`);
    } else {
      const result = JSON.parse(last) as {
        indexed: number;
        of: number;
        buildSeconds: number;
        addSeconds: number;
        rssMb: number;
        heapMb: number;
        times: number[];
      };
      const sample =
        result.indexed < result.of
          ? ` — A SAMPLE of ${result.indexed} of ${result.of} messages (the whole archive did not fit in a ${budgetMb} MiB heap): its times understate a full index`
          : '';
      print(
        `MiniSearch ${minisearchVersion()} in memory, ${result.indexed} messages${sample}; built in ${result.buildSeconds.toFixed(1)} s (${result.addSeconds.toFixed(1)} s adding, the rest reading the store), RSS +${result.rssMb.toFixed(0)} MiB (heap +${result.heapMb.toFixed(0)} MiB); AND of the same folded words, prefix and one typo in words of 5+ letters as the engine, phrases as their words (no phrase search), the same access, channel, person and date filters, every match scored and sorted:`,
      );
      print(`  ${compare('MiniSearch', result.times)}`);
    }
    fs.rmSync(input, { force: true });
  }
  if (ratios.length > 0) print(`ratios: ${ratios.join(' · ')}`);
  print(`load average at the end: ${load()}`);

  fs.writeFileSync(
    path.join(path.dirname(database.file), `search-bench-${startedAt.toISOString().replaceAll(':', '-')}.json`),
    JSON.stringify(
      measured.map((entry) => ({
        ...entry.query,
        ms: timeOf(entry),
        times: entry.times,
        engineMs: median(entry.engineTimes),
        cpuMs: median(entry.cpuTimes),
        total: entry.total,
        partial: entry.partial,
      })),
      null,
      1,
    ),
  );
  raw.close();
  await engine.close();
  database.close();
}

/** The two places a profiled query spent most time in. */
function profileNote(buckets: Map<string, number> | undefined): string {
  if (!buckets) return '';
  const top = [...buckets]
    .filter(([name]) => name !== 'total')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2);
  return `   [${top.map(([name, ms]) => `${name} ${fmt(ms)}`).join(', ')}]`;
}

/** What the engine's statements are for, by their SQL. */
const STATEMENT_KINDS: [RegExp, string][] = [
  [/FROM search_terms WHERE term IN/, 'typo variants (search_terms)'],
  [/FROM search_terms WHERE term/, 'word frequencies (search_terms)'],
  [/FROM channels/, 'channels and their sizes (access plan)'],
  [/SELECT count\(\*\) FROM \(SELECT rowid FROM search_fts/, 'count matches (≤ 10,000)'],
  [/bm25\(/, 'rank: bm25 over the words'],
  [/JOIN search_docs AS d ON d.id = f.rowid/, 'facets (newest matches)'],
  [/ORDER BY rowid (DESC|ASC) LIMIT \? OFFSET/, 'page by time (newest/oldest, partial)'],
  [/ORDER BY rowid( LIMIT \?)?$/, 'match ids, oldest first (count and years)'],
  [/SELECT rowid FROM search_fts WHERE search_fts MATCH/, 'rank: every match'],
  [/JOIN messages AS m/, 'hits and snippets'],
];

/** Set while the engine searches: its statements are told from the presentation's (drizzle runs on libsql too). */
let insideEngine = false;

/** Counts the time the engine spends in every libsql statement prepared from now on, by kind (see STATEMENT_KINDS). */
function timeStatements(): Map<string, number> {
  const times = new Map<string, number>();
  const prototype = Libsql.prototype as unknown as { prepare(sql: string): Libsql.Statement };
  const prepare = prototype.prepare;
  prototype.prepare = function (this: Libsql.Database, sql: string) {
    const statement = prepare.call(this, sql);
    const kind = STATEMENT_KINDS.find(([pattern]) => pattern.test(sql))?.[1] ?? `other: ${sql.replace(/\s+/g, ' ').slice(0, 40)}`;
    for (const method of ['all', 'get', 'run'] as const) {
      const original = statement[method].bind(statement) as (...args: unknown[]) => unknown;
      (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        if (!insideEngine) return original(...args);
        const started = performance.now();
        try {
          return original(...args);
        } finally {
          times.set(kind, (times.get(kind) ?? 0) + performance.now() - started);
        }
      };
    }
    return statement;
  };
  return times;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].map(([name, count]) => `${count} ${name}`).join(', ');
}

function minisearchVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.resolve('node_modules/minisearch/package.json'), 'utf8')).version;
  } catch {
    return '';
  }
}

/** Folded word → how it is written, and in which language (words both languages write alike are left out). */
function surfaceForms(): Map<string, { surface: string; lang: Language }> {
  const forms = new Map<string, { surface: string; lang: Language } | null>();
  for (const lang of ['fr', 'en'] as const) {
    for (const surface of VOCABULARIES[lang]) {
      const folded = foldWords(surface);
      if (folded.length !== 1) continue;
      const word = folded[0]!;
      forms.set(word, forms.has(word) ? null : { surface, lang });
    }
  }
  return new Map([...forms].filter((entry): entry is [string, { surface: string; lang: Language }] => entry[1] !== null));
}

/**
 * The fixed query mix: words picked by how many documents hold them
 * (search_terms), in French and English alternately, as people write them.
 */
function buildMix(raw: Libsql.Database, readable: ReadonlySet<string>, count: number, seed: number): BenchQuery[] {
  const random = createRandom(seed);
  const forms = surfaceForms();
  const docs = Number(firstValue(raw.prepare('SELECT count(*) FROM search_docs')));
  const terms = raw.prepare('SELECT term, docs FROM search_terms ORDER BY term').raw().all() as [string, number][];
  // Bands by document frequency: rare ≤ 0.1% of messages, mid-frequency ≤ 2%, common above.
  const band = (low: number, high: number, lang: Language) =>
    terms
      .filter(([term, n]) => n > low * docs && n <= high * docs && /^\p{L}{3,}$/u.test(term) && forms.get(term)?.lang === lang)
      .map(([term]) => forms.get(term)!.surface);
  const bands = {
    rare: { fr: band(0, 0.001, 'fr'), en: band(0, 0.001, 'en') },
    mid: { fr: band(0.001, 0.02, 'fr'), en: band(0.001, 0.02, 'en') },
    common: { fr: band(0.02, 1, 'fr'), en: band(0.02, 1, 'en') },
  };
  for (const [name, byLang] of Object.entries(bands)) {
    if (byLang.fr.length === 0 || byLang.en.length === 0) throw new Error(`no ${name} words in both languages: is the index built?`);
  }

  const channels = (
    raw.prepare("SELECT id, name FROM channels WHERE kind = 'public' AND message_count > 0 ORDER BY name").raw().all() as [string, string][]
  )
    .filter(([id]) => readable.has(id))
    .map(([, name]) => name);
  const handles = raw
    .prepare(
      'SELECT handle FROM people WHERE handle IS NOT NULL AND is_bot = 0 AND EXISTS (SELECT 1 FROM messages WHERE user_id = people.id) ORDER BY handle',
    )
    .pluck()
    .all() as string[];
  const [firstMs, lastMs] = raw.prepare('SELECT min(id) / 2000, max(id) / 2000 FROM search_docs').raw().get() as [number, number];
  const [minId, maxId] = raw.prepare('SELECT min(id), max(id) FROM search_docs').raw().get() as [number, number];
  const sampleDoc = raw
    .prepare(
      'SELECT d.channel_id, m.plain FROM search_docs AS d JOIN messages AS m ON m.channel_id = d.channel_id AND m.ts = d.ts WHERE d.id >= ? ORDER BY d.id LIMIT 1',
    )
    .raw();

  /** Two adjacent words of a real message (of a readable channel), in the language asked for when it can. */
  const phrase = (lang: Language): { words: string[]; lang: Language } => {
    let fallback: { words: string[]; lang: Language } | null = null;
    for (let attempt = 0; attempt < 200; attempt++) {
      const row = sampleDoc.get(minId + Math.floor(random.next() * (maxId - minId))) as [string, string] | undefined;
      if (!row || !readable.has(row[0])) continue;
      const pairs = [...row[1].matchAll(/(?<![\p{L}\p{N}'’-])(\p{L}{3,}) (\p{L}{3,})(?![\p{L}\p{N}'’-])/gu)];
      if (pairs.length === 0) continue;
      const pair = random.pick(pairs);
      const words = [pair[1]!.toLowerCase(), pair[2]!.toLowerCase()];
      const found = forms.get(foldWords(words[0]!)[0]!)?.lang ?? forms.get(foldWords(words[1]!)[0]!)?.lang;
      if (found === lang) return { words, lang };
      fallback ??= found ? { words, lang: found } : null;
    }
    if (!fallback) throw new Error('no phrase found in the archive');
    return fallback;
  };

  const plan: [Category, number][] = [
    ['rare', Math.round(count * 0.35)],
    ['mid', Math.round(count * 0.25)],
    ['common', Math.round(count * 0.2)],
    ['typo', Math.round(count * 0.1)],
    ['prefix', Math.round(count * 0.05)],
  ];
  plan.push(['phrase', count - plan.reduce((sum, [, n]) => sum + n, 0)]);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const mix: BenchQuery[] = [];
  for (const [category, n] of plan) {
    for (let i = 0; i < n; i++) {
      const lang: Language = i % 2 === 0 ? 'fr' : 'en';
      let query: BenchQuery;
      if (category === 'phrase') {
        const found = phrase(lang);
        query = {
          category,
          lang: found.lang,
          sort: 'relevance',
          filter: 'none',
          reader: 'member',
          q: `"${found.words.join(' ')}"`,
          surface: found.words,
          prefix: false,
        };
      } else if (category === 'prefix') {
        const word = pickLong(random, [...bands.mid[lang], ...bands.common[lang]]);
        const letters = [...word];
        const cut = letters.slice(0, random.between(3, Math.min(6, letters.length - 2))).join('');
        query = { category, lang, sort: 'relevance', filter: 'none', reader: 'member', q: `${cut}*`, surface: [cut], prefix: true };
      } else if (category === 'typo') {
        // A word of the mid or common bands, mistyped once past its first letter (what typo tolerance forgives).
        const word = pickLong(random, [...bands.mid[lang], ...bands.common[lang]]);
        query = { category, lang, sort: 'relevance', filter: 'none', reader: 'member', q: mistyped(random, word), surface: [word], prefix: false };
      } else {
        const word = random.pick(bands[category][lang]);
        query = { category, lang, sort: 'relevance', filter: 'none', reader: 'member', q: word, surface: [word], prefix: false };
      }
      // Half with a filter, in turn a channel, a person, a date; a fifth newest first.
      if (i % 2 === 1) {
        const kind = (['channel', 'person', 'date'] as const)[((i - 1) / 2) % 3]!;
        query.filter = kind;
        if (kind === 'channel') {
          query.channelName = random.pick(channels);
          query.q += ` in:#${query.channelName}`;
        } else if (kind === 'person') {
          query.q += ` from:@${random.pick(handles)}`;
        } else if (random.chance(0.5)) {
          const after = day(firstMs + random.next() * (lastMs - firstMs) * 0.9);
          query.date = { after };
          query.q += ` after:${after}`;
        } else {
          const month = day(firstMs + random.next() * (lastMs - firstMs)).slice(0, 7);
          const during = random.chance(0.5) ? month : month.slice(0, 4);
          query.date = { during };
          query.q += ` during:${during}`;
        }
      }
      if (i % 5 === 2) query.sort = 'newest';
      // A quarter of the searches without an `in:` filter come from the restricted reader.
      if (query.filter !== 'channel' && i % 4 === 3) query.reader = 'restricted';
      mix.push(query);
    }
  }
  return random.shuffled(mix);
}

/** One edit past the first letter: two letters swapped, or one dropped, doubled or replaced by its neighbour on the keyboard row. */
function mistyped(random: Random, word: string): string {
  const letters = [...word];
  const at = random.between(1, letters.length - 2);
  const edits = [
    () => [...letters.slice(0, at), letters[at + 1]!, letters[at]!, ...letters.slice(at + 2)],
    () => [...letters.slice(0, at), ...letters.slice(at + 1)],
    () => [...letters.slice(0, at + 1), ...letters.slice(at)],
    () => [...letters.slice(0, at), 'qwertyuiopasdfghjklzxcvbnm'['qwertyuiopasdfghjklzxcvbnm'.indexOf(letters[at]!) + 1] ?? 'e', ...letters.slice(at + 1)],
  ];
  const typed = random.pick(edits)().join('');
  return typed === word ? `${word}s` : typed;
}

function pickLong(random: Random, words: readonly string[]): string {
  const long = words.filter((word) => [...word].length >= 6);
  return random.pick(long.length > 0 ? long : words);
}

/** Every month the archive spans, YYYY-MM. */
function monthsOf(raw: Libsql.Database): string[] {
  const [first, last] = raw.prepare('SELECT min(id) / 2000, max(id) / 2000 FROM search_docs').raw().get() as [number, number];
  const months: string[] = [];
  for (const at = new Date(first); at.getTime() <= last + 31 * 86_400_000; at.setUTCMonth(at.getUTCMonth() + 1, 1))
    months.push(at.toISOString().slice(0, 7));
  return months;
}

/** Non-ASCII as the export writes it (`é` → `\u00e9`): what a grep over the files has to look for. */
function jsonEscaped(text: string): string {
  return text.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function ripgrepArgs(query: BenchQuery, folder: string, readableDirs: readonly string[], months: readonly string[]): string[] {
  const args = ['--no-config', '-i', '-c', '--no-messages'];
  const text = jsonEscaped(query.surface.join(' '));
  if (query.prefix) args.push('-e', `(?:^|[^\\w\\\\])${text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}`);
  else args.push('-w', '-F', '-e', text);
  if (query.date?.during) args.push('-g', `${query.date.during}*.json`);
  if (query.date?.after) for (const month of months.filter((m) => m >= query.date!.after!.slice(0, 7))) args.push('-g', `${month}-*.json`);
  args.push(...(query.channelName ? [path.join(folder, query.channelName)] : readableDirs));
  return args;
}

/**
 * The MiniSearch baseline, in its own process: indexes the same messages the
 * engine indexes (all channels; access filters at query time, as the engine's
 * match does), then runs the requests the engine got.
 */
async function miniSearchChild(inputPath: string): Promise<void> {
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const input = JSON.parse(fs.readFileSync(inputPath, 'utf8')) as { file: string; requests: (SearchRequest | null)[] };
  const db = new Libsql(input.file, { readonly: true });
  const of = Number(firstValue(db.prepare(COUNT_DOCUMENTS_SQL)));
  const page = db.prepare(ALL_DOCUMENTS_SQL);
  const channelIndex = new Map<string, number>();
  const authorIndex = new Map<string, number>();
  const indexOf = (map: Map<string, number>, key: string) => map.get(key) ?? map.set(key, map.size).get(key)!;
  const channelOf = new Uint16Array(of);
  const authorOf = new Int32Array(of).fill(-1);
  const timeOf = new Float64Array(of);

  gc();
  const rss0 = process.memoryUsage().rss;
  const heap0 = process.memoryUsage().heapUsed;
  const limit = v8.getHeapStatistics().heap_size_limit;
  const search = new MiniSearch<{ id: number; text: string }>({
    fields: ['text'],
    tokenize: (text) => foldWords(text),
    processTerm: (term) => term,
  });
  const started = performance.now();
  let addMs = 0;
  let after: [string, string] = ['', ''];
  let seen = 0;
  let indexed = 0;
  let keepEvery = 1;
  for (;;) {
    const rows = page.all(...after, 10_000) as DocumentRow[];
    if (rows.length === 0) break;
    after = [rows.at(-1)!.channel_id, rows.at(-1)!.ts];
    const batch: { id: number; text: string }[] = [];
    for (const row of rows) {
      if (seen++ % keepEvery !== 0) continue;
      channelOf[indexed] = indexOf(channelIndex, row.channel_id);
      if (row.user_id) authorOf[indexed] = indexOf(authorIndex, row.user_id);
      timeOf[indexed] = row.ts_ms;
      batch.push({ id: indexed++, text: row.plain });
    }
    const adding = performance.now();
    search.addAll(batch);
    addMs += performance.now() - adding;
    // After the first 200,000 messages, estimate the whole index; keep every k-th message if it would not fit.
    if (seen === 200_000 && keepEvery === 1) {
      const projected = ((process.memoryUsage().heapUsed - heap0) / seen) * of;
      if (projected > limit * 0.6) {
        keepEvery = Math.ceil(projected / (limit * 0.6));
        process.stderr.write(
          `MiniSearch: ${(projected / MB).toFixed(0)} MiB projected for ${of} messages > 60% of the heap: indexing every ${keepEvery}th message from here\n`,
        );
      }
    }
  }
  const buildSeconds = (performance.now() - started) / 1000;
  gc();
  const rssMb = (process.memoryUsage().rss - rss0) / MB;
  const heapMb = (process.memoryUsage().heapUsed - heap0) / MB;
  process.stderr.write(`MiniSearch: ${indexed} messages in ${buildSeconds.toFixed(1)} s, RSS +${rssMb.toFixed(0)} MiB\n`);

  const run = (request: SearchRequest) => {
    const words: string[] = [];
    const prefixAt: boolean[] = [];
    const fuzzyAt: number[] = [];
    for (const term of request.terms) {
      term.words.forEach((word, index) => {
        words.push(word);
        prefixAt.push(term.prefix && index === term.words.length - 1);
        fuzzyAt.push(!term.exact && !term.prefix && term.words.length === 1 && [...word].length >= 5 ? 1 : 0);
      });
    }
    const allowed = new Uint8Array(channelIndex.size);
    for (const id of request.channelIds ?? request.readableChannelIds) if (channelIndex.has(id)) allowed[channelIndex.get(id)!] = 1;
    const authors = request.authorIds ? new Set(request.authorIds.map((id) => authorIndex.get(id) ?? -2)) : null;
    const from = request.fromMs ?? -Infinity;
    const to = request.toMs ?? Infinity;
    const results = search.search(words.join(' '), {
      combineWith: 'AND',
      tokenize: (text) => text.split(' ').filter(Boolean),
      processTerm: (term) => term,
      prefix: (_term, index) => prefixAt[index] ?? false,
      fuzzy: (_term, index) => fuzzyAt[index] ?? 0,
      filter: (result) => {
        const id = result.id as number;
        return allowed[channelOf[id]!] === 1 && (authors === null || authors.has(authorOf[id]!)) && timeOf[id]! >= from && timeOf[id]! < to;
      },
    });
    if (request.sort === 'newest') results.sort((a, b) => timeOf[b.id as number]! - timeOf[a.id as number]!);
    return results.slice(0, 20).length + results.length;
  };
  const requests = input.requests.filter((request): request is SearchRequest => request !== null);
  for (const request of requests.slice(0, 10)) run(request);
  const times = requests.map((request) => {
    const begun = performance.now();
    run(request);
    return performance.now() - begun;
  });
  db.close();
  console.log(JSON.stringify({ indexed, of, buildSeconds, addSeconds: addMs / 1000, rssMb, heapMb, times }));
}

if (values['minisearch-child']) {
  await miniSearchChild(values['minisearch-child']);
} else {
  await main();
}
