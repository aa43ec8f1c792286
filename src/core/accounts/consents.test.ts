import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consentRegister } from '../db/schema/renewal.ts';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { CONSENT_PURPOSES, currentConsents, defaultChoices, exportConsentRegisterCsv, peopleWhoDeclined, recordConsents } from './consents.ts';
import { addMember, linkSlackPerson, type Member } from './members.ts';
import { people } from '../db/schema/archive.ts';

const T1 = new Date(Date.UTC(2026, 10, 3, 14, 0, 0));
const T2 = new Date(Date.UTC(2026, 10, 5, 9, 30, 0));
let database: Awaited<ReturnType<typeof openTempDatabase>>;
let member: Member;

beforeEach(async () => {
  database = await openTempDatabase();
  member = await addMember(database.db, 'cli', { email: '-cmd@example.org' }, T1);
});
afterEach(() => database.dispose());

describe('consent purposes', () => {
  it('are worded in both languages, versioned, and off by default except what the service needs', () => {
    expect(CONSENT_PURPOSES.map((purpose) => purpose.id)).toEqual(['account-mail', 'show-name', 'include-in-search', 'community-news']);
    for (const purpose of CONSENT_PURPOSES) {
      expect(purpose.version).toBeGreaterThanOrEqual(1);
      for (const text of [purpose.label.fr, purpose.label.en, purpose.help.fr, purpose.help.en]) expect(text.length).toBeGreaterThan(10);
      expect(purpose.label.fr).not.toBe(purpose.label.en);
    }
    expect(defaultChoices()).toEqual({ 'account-mail': true, 'show-name': false, 'include-in-search': false, 'community-news': false });
  });
});

describe('the consent register', () => {
  it('keeps every change with its time and version, and only changes', async () => {
    expect(await recordConsents(database.db, member.id, { ...defaultChoices(), 'show-name': true }, 'renewal', T1)).toEqual(['account-mail', 'show-name', 'include-in-search', 'community-news']);
    expect(await recordConsents(database.db, member.id, { ...defaultChoices(), 'show-name': false }, 'account', T2)).toEqual(['show-name']);
    // The same answers again: nothing new.
    expect(await recordConsents(database.db, member.id, { ...defaultChoices(), 'show-name': false }, 'account', T2)).toEqual([]);
    const register = await database.db.select().from(consentRegister);
    expect(register.filter((row) => row.purpose === 'show-name').map(({ granted, at, source, version }) => ({ granted, at, source, version }))).toEqual([
      { granted: true, at: T1, source: 'renewal', version: 1 },
      { granted: false, at: T2, source: 'account', version: 1 },
    ]);
    expect((await currentConsents(database.db, member.id))['show-name']).toEqual({ granted: false, version: 1, at: T2 });
  });

  it('never records a needed purpose as refused, whatever the form says', async () => {
    await recordConsents(database.db, member.id, { 'account-mail': false }, 'account', T1);
    expect((await currentConsents(database.db, member.id))['account-mail']?.granted).toBe(true);
  });

  it('names the Slack people whose member declined a purpose; people who never answered are not among them', async () => {
    await database.db.insert(people).values([{ id: 'U1', handle: 'elise' }, { id: 'U2', handle: 'zoe' }]);
    await linkSlackPerson(database.db, 'cli', member.id, 'U1');
    const other = await addMember(database.db, 'cli', { email: 'zoe@example.org' });
    await linkSlackPerson(database.db, 'cli', other.id, 'U2');
    expect(await peopleWhoDeclined(database.db, 'show-name')).toEqual(new Set());
    await recordConsents(database.db, member.id, defaultChoices(), 'renewal', T1);
    expect(await peopleWhoDeclined(database.db, 'show-name')).toEqual(new Set(['U1']));
    expect(await peopleWhoDeclined(database.db, 'show-name', ['U2'])).toEqual(new Set());
    await recordConsents(database.db, member.id, { 'show-name': true }, 'account', T2);
    expect(await peopleWhoDeclined(database.db, 'show-name')).toEqual(new Set());
  });

  it('exports as CSV, oldest first, with spreadsheet formulas defused', async () => {
    await recordConsents(database.db, member.id, { 'community-news': true }, 'renewal', T1);
    await recordConsents(database.db, member.id, { 'community-news': false }, 'account', T2);
    expect(await exportConsentRegisterCsv(database.db)).toBe(
      'at,member_id,email,purpose,granted,version,source\r\n' +
        `2026-11-03T14:00:00.000Z,${member.id},'-cmd@example.org,community-news,yes,1,renewal\r\n` +
        `2026-11-05T09:30:00.000Z,${member.id},'-cmd@example.org,community-news,no,1,account\r\n`,
    );
  });
});
