/**
 * A process that serves sign-ins as fast as it can on the database in argv[2]:
 * it opens it as the server does (migrations and all), then creates sessions
 * and rewrites a busy row in a loop, printing each session's token once its
 * write has returned. The crash test kills it with SIGKILL mid-write.
 */
import { addMember } from '../../src/core/accounts/members.ts';
import { createSession } from '../../src/core/accounts/sessions.ts';
import { openDatabase } from '../../src/core/db/client.ts';
import { migrateDatabase } from '../../src/core/db/migrate.ts';

const database = await openDatabase(process.argv[2]!);
await migrateDatabase(database.db);
const member = await addMember(database.db, 'cli', { email: 'survivante@example.org' });
await database.client.execute({ sql: "UPDATE members SET status = 'active' WHERE id = ?", args: [member.id] });
for (let i = 0; ; i++) {
  const { token } = await createSession(database.db, member.id, `device ${i}`);
  process.stdout.write(`${token}\n`);
  // Pages of churn beside the sessions: a larger write the kill may cut in half.
  await database.client.execute({ sql: "INSERT OR REPLACE INTO settings (key, value, updated_at) VALUES ('churn', ?, ?)", args: ['x'.repeat(50_000 + (i % 7) * 10_000), Date.now()] });
}
