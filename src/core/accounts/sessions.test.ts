import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { members, sessions } from '../db/schema/accounts.ts';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { addMember, markSignedIn, setMemberEnabled, type Member } from './members.ts';
import { hashSecret } from './secrets.ts';
import {
  createSession,
  deleteExpiredSessions,
  describeDevice,
  invalidateMemberSessions,
  invalidateSession,
  listMemberSessions,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  validateSessionToken,
} from './sessions.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2025, 2, 10, 9, 20, 0);
const TOKEN = /^([A-Za-z0-9_-]{20})\.([A-Za-z0-9_-]{27})$/;

function partsOf(token: string): { id: string; secret: string } {
  const match = TOKEN.exec(token);
  if (!match) throw new Error(`not a session token: ${token}`);
  return { id: match[1]!, secret: match[2]! };
}

describe('sessions', () => {
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  let member: Member;

  beforeEach(async () => {
    database = await openTempDatabase();
    member = await activeMember('ana@example.org');
  });
  afterEach(() => database.dispose());

  async function activeMember(email: string): Promise<Member> {
    const added = await addMember(database.db, 'cli', { email }, new Date(NOW - DAY));
    await markSignedIn(database.db, added, new Date(NOW - DAY));
    return { ...added, status: 'active', lastSignInAt: new Date(NOW - DAY) };
  }

  async function storedSession(id: string) {
    const [row] = await database.db.select().from(sessions).where(eq(sessions.id, id));
    return row;
  }

  /** Every value of every table, as text. */
  async function everythingStored(): Promise<string> {
    const { rows: tables } = await database.client.execute("SELECT name FROM sqlite_master WHERE type = 'table'");
    let all = '';
    for (const table of tables) all += JSON.stringify((await database.client.execute(`SELECT * FROM "${String(table.name)}"`)).rows);
    return all;
  }

  describe('createSession', () => {
    it('returns an id.secret token with a 160-bit secret', async () => {
      const { token, session } = await createSession(database.db, member.id, 'Firefox · Linux', NOW);
      const { id, secret } = partsOf(token);
      expect(id).toBe(session.id);
      expect(Buffer.from(secret, 'base64url')).toHaveLength(20);
      expect(session).toMatchObject({
        memberId: member.id,
        createdAt: new Date(NOW),
        lastUsedAt: new Date(NOW),
        expiresAt: new Date(NOW + SESSION_IDLE_MS),
        device: 'Firefox · Linux',
      });
    });

    it('stores only the SHA-256 of the secret: the secret is nowhere in the database, not even in its files', async () => {
      const { token } = await createSession(database.db, member.id, null, NOW);
      const { id, secret } = partsOf(token);
      expect((await storedSession(id))?.secretHash).toBe(hashSecret(secret));

      const stored = await everythingStored();
      expect(stored).toContain(id);
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(token);
      // The raw pages too, write-ahead log included: no copy of the secret anywhere on disk.
      const onDisk = Buffer.concat([database.file, `${database.file}-wal`].filter((file) => fs.existsSync(file)).map((file) => fs.readFileSync(file)));
      expect(onDisk.includes(id), 'the search reads the stored rows').toBe(true);
      expect(onDisk.includes(secret)).toBe(false);
    });

    it('makes a new, different session at each sign-in, the older ones staying valid (other devices)', async () => {
      const first = await createSession(database.db, member.id, null, NOW);
      const second = await createSession(database.db, member.id, null, NOW);
      expect(partsOf(first.token).id).not.toBe(partsOf(second.token).id);
      expect(partsOf(first.token).secret).not.toBe(partsOf(second.token).secret);
      expect(await validateSessionToken(database.db, first.token, NOW)).not.toBeNull();
      expect(await validateSessionToken(database.db, second.token, NOW)).not.toBeNull();
    });

    it('keeps at most 120 characters of the device description', async () => {
      const { session } = await createSession(database.db, member.id, 'x'.repeat(500), NOW);
      expect(session.device).toHaveLength(120);
      expect((await storedSession(session.id))?.device).toHaveLength(120);
    });
  });

  describe('validateSessionToken', () => {
    it('gives the session and its member for a valid token', async () => {
      const { token, session } = await createSession(database.db, member.id, null, NOW);
      const valid = await validateSessionToken(database.db, token, NOW + MINUTE);
      expect(valid?.session.id).toBe(session.id);
      expect(valid?.member).toMatchObject({ id: member.id, email: 'ana@example.org', status: 'active' });
    });

    it('refuses a tampered secret, the secret of another session, and malformed tokens, without ending the real session', async () => {
      const { token } = await createSession(database.db, member.id, null, NOW);
      const other = await createSession(database.db, member.id, null, NOW);
      const { id, secret } = partsOf(token);
      const flipped = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
      for (const bad of [
        `${id}.${flipped}`,
        `${id}.${partsOf(other.token).secret}`,
        `${id}.${secret.slice(0, -1)}`,
        `${id}.${secret}x`,
        `${id}.${secret}.`,
        `${id}.${secret}.${secret}`,
        `${id}.`,
        `.${secret}`,
        id,
        secret,
        '',
        '.',
        `${flipped.slice(0, 20)}.${secret}`,
      ]) {
        expect(await validateSessionToken(database.db, bad, NOW), bad).toBeNull();
      }
      expect(await validateSessionToken(database.db, token, NOW)).not.toBeNull();
    });

    it('does not move the expiry when used again within the hour (no write at each request)', async () => {
      const { token, session } = await createSession(database.db, member.id, null, NOW);
      const valid = await validateSessionToken(database.db, token, NOW + 59 * MINUTE);
      expect(valid?.session.expiresAt).toEqual(new Date(NOW + SESSION_IDLE_MS));
      expect(await storedSession(session.id)).toMatchObject({ lastUsedAt: new Date(NOW), expiresAt: new Date(NOW + SESSION_IDLE_MS) });
    });

    it('slides the expiry a week past the last use, and stores it', async () => {
      const { token, session } = await createSession(database.db, member.id, null, NOW);
      const later = NOW + 3 * DAY;
      const valid = await validateSessionToken(database.db, token, later);
      expect(valid?.session).toMatchObject({ lastUsedAt: new Date(later), expiresAt: new Date(later + SESSION_IDLE_MS) });
      expect(await storedSession(session.id)).toMatchObject({ lastUsedAt: new Date(later), expiresAt: new Date(later + SESSION_IDLE_MS) });
      // Alive past the first week because it was used.
      expect(await validateSessionToken(database.db, token, NOW + SESSION_IDLE_MS + DAY)).not.toBeNull();
    });

    it('ends a session left alone for seven days, and deletes it', async () => {
      const { token, session } = await createSession(database.db, member.id, null, NOW);
      expect(await validateSessionToken(database.db, token, NOW + SESSION_IDLE_MS - 1)).not.toBeNull();

      const again = await createSession(database.db, member.id, null, NOW);
      expect(await validateSessionToken(database.db, again.token, NOW + SESSION_IDLE_MS)).toBeNull();
      expect(await storedSession(again.session.id)).toBeUndefined();
      expect(await storedSession(session.id)).toBeDefined();
    });

    it('ends a session thirty days after it began however often it is used', async () => {
      const { token, session } = await createSession(database.db, member.id, null, NOW);
      for (let at = NOW + 5 * DAY; at < NOW + SESSION_ABSOLUTE_MS; at += 5 * DAY) {
        const valid = await validateSessionToken(database.db, token, at);
        expect(valid, `day ${(at - NOW) / DAY}`).not.toBeNull();
        expect(valid!.session.expiresAt.getTime()).toBeLessThanOrEqual(NOW + SESSION_ABSOLUTE_MS);
      }
      const lastDay = await validateSessionToken(database.db, token, NOW + SESSION_ABSOLUTE_MS - HOUR);
      expect(lastDay?.session.expiresAt).toEqual(new Date(NOW + SESSION_ABSOLUTE_MS));
      expect(await validateSessionToken(database.db, token, NOW + SESSION_ABSOLUTE_MS)).toBeNull();
      expect(await storedSession(session.id)).toBeUndefined();
      expect(SESSION_IDLE_MS).toBe(7 * DAY);
      expect(SESSION_ABSOLUTE_MS).toBe(30 * DAY);
    });

    it('refuses and deletes the session of a member disabled meanwhile, even one not ended at disabling', async () => {
      const { token, session } = await createSession(database.db, member.id, null, NOW);
      // Straight in the table: validation itself must check the status.
      await database.db.update(members).set({ status: 'disabled' }).where(eq(members.id, member.id));
      expect(await validateSessionToken(database.db, token, NOW + MINUTE)).toBeNull();
      expect(await storedSession(session.id)).toBeUndefined();
    });

    it('refuses every session of a member disabled through setMemberEnabled, who stays out after being enabled again', async () => {
      const first = await createSession(database.db, member.id, null, NOW);
      const second = await createSession(database.db, member.id, null, NOW);
      await setMemberEnabled(database.db, 'cli', member.id, false, new Date(NOW));
      await setMemberEnabled(database.db, 'cli', member.id, true, new Date(NOW));
      expect(await validateSessionToken(database.db, first.token, NOW + MINUTE)).toBeNull();
      expect(await validateSessionToken(database.db, second.token, NOW + MINUTE)).toBeNull();
    });
  });

  describe('listing and ending sessions', () => {
    it('lists a member’s sessions, oldest first, and only theirs', async () => {
      const other = await activeMember('bruno@example.org');
      const late = await createSession(database.db, member.id, 'Safari · iOS', NOW + HOUR);
      const early = await createSession(database.db, member.id, 'Firefox · Linux', NOW);
      await createSession(database.db, other.id, null, NOW);
      const listed = await listMemberSessions(database.db, member.id, NOW + HOUR);
      expect(listed.map((session) => session.id)).toEqual([early.session.id, late.session.id]);
      expect(listed.map((session) => session.device)).toEqual(['Firefox · Linux', 'Safari · iOS']);
    });

    it('does not list a session that has expired, even before the pruning removes it', async () => {
      const old = await createSession(database.db, member.id, null, NOW);
      const fresh = await createSession(database.db, member.id, null, NOW + 6 * 24 * HOUR);
      const listed = await listMemberSessions(database.db, member.id, NOW + 8 * 24 * HOUR);
      expect(listed.map((session) => session.id)).toEqual([fresh.session.id]);
      expect(listed.map((session) => session.id)).not.toContain(old.session.id);
    });

    it('signing out ends that session on the server and no other', async () => {
      const here = await createSession(database.db, member.id, null, NOW);
      const there = await createSession(database.db, member.id, null, NOW);
      await invalidateSession(database.db, here.session.id);
      expect(await validateSessionToken(database.db, here.token, NOW)).toBeNull();
      expect(await validateSessionToken(database.db, there.token, NOW)).not.toBeNull();
      expect((await listMemberSessions(database.db, member.id, NOW)).map((session) => session.id)).toEqual([there.session.id]);
    });

    it('signing out everywhere ends every session of the member and none of anyone else', async () => {
      const other = await activeMember('bruno@example.org');
      const mine = [await createSession(database.db, member.id, null, NOW), await createSession(database.db, member.id, null, NOW)];
      const theirs = await createSession(database.db, other.id, null, NOW);
      await invalidateMemberSessions(database.db, member.id);
      for (const { token } of mine) expect(await validateSessionToken(database.db, token, NOW)).toBeNull();
      expect(await listMemberSessions(database.db, member.id, NOW)).toEqual([]);
      expect(await validateSessionToken(database.db, theirs.token, NOW)).not.toBeNull();
    });

    it('deleteExpiredSessions removes expired sessions and keeps live ones', async () => {
      const old = await createSession(database.db, member.id, null, NOW - 8 * DAY);
      const live = await createSession(database.db, member.id, null, NOW - DAY);
      await deleteExpiredSessions(database.db, NOW);
      expect(await storedSession(old.session.id)).toBeUndefined();
      expect(await storedSession(live.session.id)).toBeDefined();
    });

    it('says when it moved the expiry forward, so the cookie can follow', async () => {
      const { token } = await createSession(database.db, member.id, null, NOW);
      expect((await validateSessionToken(database.db, token, NOW + 60_000))?.extended).toBeUndefined();
      expect((await validateSessionToken(database.db, token, NOW + 2 * 60 * 60 * 1000))?.extended).toBe(true);
    });

    it('moves the expiry only once more than an hour has passed since the last write', async () => {
      const { token, session } = await createSession(database.db, member.id, null, NOW);
      expect((await validateSessionToken(database.db, token, NOW + HOUR))?.extended).toBeUndefined();
      expect(await storedSession(session.id)).toMatchObject({ lastUsedAt: new Date(NOW) });
      expect((await validateSessionToken(database.db, token, NOW + HOUR + 1))?.extended).toBe(true);
      expect(await storedSession(session.id)).toMatchObject({ lastUsedAt: new Date(NOW + HOUR + 1) });
    });
  });
});

describe('describeDevice', () => {
  it.each([
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox · Linux'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36', 'Chrome · Windows'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0', 'Edge · Windows'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', 'Safari · iOS'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', 'Safari · macOS'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36', 'Chrome · Android'],
    ['curl/8.5.0', 'Browser · unknown system'],
  ])('%s → %s', (userAgent, expected) => {
    expect(describeDevice(userAgent)).toBe(expected);
  });

  it('gives null without a user agent', () => {
    expect(describeDevice(null)).toBeNull();
  });
});
