/**
 * npm run bench:archive -- --messages 1000000
 * Imports (once, then reuses) a synthetic export into bench/out/archive-<n>/ and
 * measures the server-side time of every archive read path (access check and
 * queries, not the HTML rendering), as a member reads them.
 */
import { parseArgs } from 'node:util';
import { readableChannelIds } from '../src/core/archive/access.ts';
import { forgetActivity, monthlyActivity } from '../src/core/archive/activity.ts';
import { readChannelPage } from '../src/core/archive/channel-page.ts';
import { listDirectory } from '../src/core/archive/directory.ts';
import { locateMessage } from '../src/core/archive/locate-message.ts';
import { readPersonPage } from '../src/core/archive/person-page.ts';
import { readThread } from '../src/core/archive/thread.ts';
import { openDatabase } from '../src/core/db/client.ts';
import { migrateDatabase } from '../src/core/db/migrate.ts';
import { ensureExport, ensureStore, machineLine, quantile } from './fixtures.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '1000000' }, iterations: { type: 'string', default: '200' } } });
const messages = Number(values.messages);
const iterations = Number(values.iterations);
const storeDir = ensureStore(messages, await ensureExport(messages));

const database = await openDatabase(storeDir);
await migrateDatabase(database.db);
const { db, client } = database;
const one = async (sql: string) => (await client.execute(sql)).rows[0]!;
const biggest = await one("SELECT id, message_count FROM channels WHERE kind = 'public' ORDER BY message_count DESC LIMIT 1");
const channelId = String(biggest.id);
const middle = String((await one(`SELECT ts FROM messages WHERE channel_id = '${channelId}' ORDER BY ts LIMIT 1 OFFSET ${Math.floor(Number(biggest.message_count) / 2)}`)).ts);
const thread = await one(`SELECT channel_id, ts FROM messages WHERE reply_count > 0 ORDER BY reply_count DESC LIMIT 1`);
const reply = await one(`SELECT channel_id, ts FROM messages WHERE thread_ts IS NOT NULL AND thread_ts != ts LIMIT 1 OFFSET 1000`);
const author = String((await one('SELECT user_id FROM messages WHERE user_id IS NOT NULL GROUP BY user_id ORDER BY count(*) DESC LIMIT 1')).user_id);
// A member linked to the most active Slack person: public channels, plus the private ones they were in.
const reader = { id: 'bench', slackPersonId: author, role: 'member' as const };

const paths: Record<string, () => Promise<unknown>> = {
  directory: async () => listDirectory(db, await readableChannelIds(db, reader)),
  'channel (latest)': async () => (await readableChannelIds(db, reader)).has(channelId) && readChannelPage(db, channelId, { at: 'latest' }),
  'channel (middle)': async () => (await readableChannelIds(db, reader)).has(channelId) && readChannelPage(db, channelId, { around: middle }),
  'channel (oldest)': async () => (await readableChannelIds(db, reader)).has(channelId) && readChannelPage(db, channelId, { at: 'oldest' }),
  thread: async () => (await readableChannelIds(db, reader)).has(String(thread.channel_id)) && readThread(db, String(thread.channel_id), String(thread.ts)),
  permalink: async () => {
    if (!(await readableChannelIds(db, reader)).has(String(reply.channel_id))) return null;
    const location = await locateMessage(db, String(reply.channel_id), String(reply.ts));
    return location && readThread(db, location.channelId, location.threadTs ?? location.ts);
  },
  person: async () => readPersonPage(db, author, await readableChannelIds(db, reader), null),
  // The directory's sparklines: one grouped query over every readable channel, then kept until an import moves a count.
  'activity, every channel (cold)': async () => {
    forgetActivity();
    return monthlyActivity(db, await listDirectory(db, await readableChannelIds(db, reader)));
  },
  'activity, every channel (kept)': async () => monthlyActivity(db, await listDirectory(db, await readableChannelIds(db, reader))),
};

const total = Number((await one('SELECT count(*) AS n FROM messages')).n);
console.log(`machine: ${machineLine()}; archive: ${total} messages, largest channel ${biggest.message_count}`);
for (const [name, run] of Object.entries(paths)) {
  for (let i = 0; i < 10; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`${name.padEnd(18)} p50 ${quantile(times, 0.5).toFixed(2)} ms   p95 ${quantile(times, 0.95).toFixed(2)} ms`);
}
database.close();
