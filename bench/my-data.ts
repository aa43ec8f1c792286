/**
 * npm run bench:my-data -- --messages 50000
 * A member who wrote 50,000 messages (400 characters each) downloads their data:
 * the zip is piped to a slow reader (64 KiB at a time, as a modest connection
 * drains it) and the process's peak RSS and the time are reported. Memory must
 * not grow with the member's history: the zip is read from paged queries.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { addMember, getMember, linkSlackPerson } from '../src/core/accounts/members.ts';
import { openDatabase } from '../src/core/db/client.ts';
import { migrateDatabase } from '../src/core/db/migrate.ts';
import { memberDataZip } from '../src/core/my-data/member-data-zip.ts';
import { machineLine } from './fixtures.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '50000' } } });
const count = Number(values.messages);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-bench-my-data-'));
const database = await openDatabase(dir);
try {
  await migrateDatabase(database.db);
  const person = 'U0BENCH001';
  await database.client.execute(`INSERT INTO people (id, handle, display_name) VALUES ('${person}', 'bench', 'Bench')`);
  await database.client.execute(`INSERT INTO channels (id, kind, name, folder, listed) VALUES ('C0BENCH001', 'public', 'general', 'general', 1)`);
  const words = 'le projet de recherche sur les données de santé avance bien merci à toutes et tous pour vos retours ';
  const text = words.repeat(Math.ceil(400 / words.length)).slice(0, 400);
  for (let i = 0; i < count; i += 1000) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + 1000); j++) {
      const ts = `${1600000000 + j}.000100`;
      batch.push({ sql: `INSERT INTO messages (channel_id, ts, ts_ms, user_id, text, html, plain, source_hash) VALUES ('C0BENCH001', ?, ?, ?, ?, ?, ?, 'b')`, args: [ts, (1600000000 + j) * 1000, person, `${text} ${j}`, `<p>${text} ${j}</p>`, `${text} ${j}`] });
    }
    await database.client.batch(batch, 'write');
  }
  const added = await addMember(database.db, 'cli', { email: 'bench@example.org' });
  await linkSlackPerson(database.db, 'cli', added.id, person);
  const member = (await getMember(database.db, added.id))!;

  globalThis.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  let bytes = 0;
  const slowReader = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      setImmediate(done);
    },
  });
  const started = performance.now();
  const { stream, messages } = memberDataZip(database.db, member, { publicUrl: 'https://portail.example.org' });
  await pipeline(stream, slowReader);
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
  console.log(machineLine());
  console.log(`messages ${await messages} · zip ${mb(bytes)} MB · ${(ms / 1000).toFixed(1)} s · RSS before ${mb(baseline)} MB, peak ${mb(peak)} MB (+${mb(peak - baseline)} MB)`);
} finally {
  database.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
