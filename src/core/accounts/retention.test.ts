import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { createOutboxTransport } from '../mail/outbox-transport.ts';
import { addMember } from './members.ts';
import { getMail } from '../mail/outbox.ts';
import { pruneExpiredAccountData, readableMail } from './retention.ts';
import { createSession } from './sessions.ts';
import { requestSignIn } from './sign-in.ts';

let database: Database;
let dir: string;
afterEach(() => {
  database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('pruneExpiredAccountData', () => {
  it('drops expired sessions and challenges and clears sign-in texts once expired, keeping the record', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-retention-'));
    database = await openDatabase(dir);
    await migrateDatabase(database.db);
    const db = database.db;
    const start = Date.UTC(2026, 0, 1);
    const member = await addMember(db, 'cli', { email: 'ana@example.org' });
    await createSession(db, member.id, null, start);
    const deps = {
      db,
      mail: { db, transport: createOutboxTransport(), from: 'x@example.org', keepSecretBodies: true, now: () => new Date(start) },
      publicUrl: 'https://x.example.org',
      communityName: 'X',
      linkPath: () => '/fr/connexion/lien',
    };
    const outcome = await requestSignIn(deps, { email: 'ana@example.org', locale: 'fr', ip: '10.0.0.1' }, start);
    if (outcome.kind === 'sent') await outcome.delivery;
    const count = async (table: string) => Number((await database.client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);

    const mailText = async () => (await database.client.execute('SELECT text_body FROM mail_messages')).rows[0]!.text_body;
    await pruneExpiredAccountData(db, start + 60_000);
    expect(await count('sessions')).toBe(1);
    expect(await count('sign_in_challenges')).toBe(1);
    expect(await mailText()).toEqual(expect.stringContaining('/fr/connexion/lien'));

    // The code and link expire after 15 minutes: nobody may read them after that, pruned yet or not.
    const id = String((await database.client.execute('SELECT id FROM mail_messages')).rows[0]!.id);
    const stored = (await getMail(db, id))!;
    expect(readableMail(stored, start + 14 * 60_000).textBody).toEqual(expect.stringContaining('/fr/connexion/lien'));
    expect(readableMail(stored, start + 16 * 60_000)).toMatchObject({ textBody: null, htmlBody: null, recipient: 'ana@example.org' });
    await pruneExpiredAccountData(db, start + 16 * 60_000);
    expect(await mailText()).toBeNull();

    await pruneExpiredAccountData(db, start + 31 * 24 * 60 * 60 * 1000);
    expect(await count('sessions')).toBe(0);
    expect(await count('sign_in_challenges')).toBe(0);
    const [mail] = (await database.client.execute('SELECT recipient, text_body FROM mail_messages')).rows;
    expect(mail).toMatchObject({ recipient: 'ana@example.org', text_body: null });
  });
});
