import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDatabase } from '../../tests/support/temp-database.ts';
import { addMember } from '../core/accounts/members.ts';
import { createSession, validateSessionToken } from '../core/accounts/sessions.ts';
import fr from '../core/i18n/fr.json' with { type: 'json' };
import en from '../core/i18n/en.json' with { type: 'json' };
import { isStorageFault, storageFaultResponse } from './storage-fault.ts';

let database: Awaited<ReturnType<typeof openTempDatabase>>;
beforeEach(async () => {
  database = await openTempDatabase();
});
afterEach(() => database.dispose());

const HOUR = 60 * 60 * 1000;
const write = (value: string) =>
  database.client.execute({ sql: "INSERT OR REPLACE INTO settings (key, value, updated_at) VALUES ('fault-test', ?, 0)", args: [value] });
const read = async () => (await database.client.execute('SELECT count(*) AS n FROM members')).rows[0]!.n;

/** What a write raised, or null. */
async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
    return null;
  } catch (error) {
    return error;
  }
}

describe('the storage refusing writes while the server serves', () => {
  it('the disk full (the file may not grow): writes refused as a storage fault, reads and sessions go on, writes work again once space is back', async () => {
    const pages = Number((await database.client.execute('PRAGMA page_count')).rows[0]![0]);
    await database.client.execute(`PRAGMA max_page_count = ${pages}`);

    const full = await failureOf(() => write('x'.repeat(200_000)));
    expect(full).not.toBeNull();
    expect(isStorageFault(full)).toBe(true);
    expect(await read()).toBe(0);

    await database.client.execute('PRAGMA max_page_count = 1073741823');
    expect(await failureOf(() => write('x'.repeat(200_000)))).toBeNull();
  });

  it('the database read-only: writes refused as a storage fault, reads and sessions go on, and writes work again', async () => {
    const member = await addMember(database.db, 'cli', { email: 'lecteur@example.org' });
    await database.client.execute({ sql: "UPDATE members SET status = 'active' WHERE id = ?", args: [member.id] });
    const { token } = await createSession(database.db, member.id, null);
    await database.client.execute('PRAGMA query_only = 1');

    const readOnly = await failureOf(() => write('y'));
    expect(isStorageFault(readOnly)).toBe(true);
    expect(await read()).toBe(1);
    // Two hours later the session is due for a refresh (a write): the member reads on, unrefreshed.
    const later = Date.now() + 2 * HOUR;
    const session = await validateSessionToken(database.db, token, later);
    expect(session?.member.id).toBe(member.id);
    expect(session?.extended).toBeUndefined();

    await database.client.execute('PRAGMA query_only = 0');
    expect(await failureOf(() => write('y'))).toBeNull();
    expect((await validateSessionToken(database.db, token, later))?.extended).toBe(true);
  });

  it('tells other failures apart: a broken rule is no storage fault', async () => {
    const broken = await failureOf(() => database.client.execute("INSERT INTO settings (key, value, updated_at) VALUES ('k', NULL, 0)"));
    expect(broken).not.toBeNull();
    expect(isStorageFault(broken)).toBe(false);
    expect(isStorageFault(new Error('boom'))).toBe(false);
    expect(isStorageFault(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'SQLITE_FULL' }) }))).toBe(true);
  });

  it.each([
    ['fr', fr],
    ['en', en],
  ] as const)('answers the write with a 503 page in the page’s language (%s)', async (locale, dictionary) => {
    const response = storageFaultResponse(locale);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('120');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain(`<html lang="${locale}">`);
    expect(html).toContain(dictionary['server.storage.title']);
    expect(html).toContain(dictionary['server.storage.body']);
  });
});
