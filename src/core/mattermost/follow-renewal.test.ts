import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMattermostStandIn, type MattermostStandIn } from '../../../tests/stand-ins/mattermost.ts';
import { captureLog } from '../../../tests/support/capture-log.ts';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { listAudit } from '../accounts/audit.ts';
import { addMember, getMember } from '../accounts/members.ts';
import { mattermostAccountQueue, members } from '../db/schema/accounts.ts';
import { people } from '../db/schema/archive.ts';
import { createClient4Mattermost } from './client4-adapter.ts';
import { followRenewal, queuedAccountChanges, retryQueuedAccountChanges, type PasswordChoice, type RenewingMember } from './follow-renewal.ts';
import type { MattermostPort } from './port.ts';

const TOKEN = 'stand-in-mattermost-token';
const PASSWORD = 'Zèbre-Renouvelé-4821';
const NOW = new Date('2026-12-05T15:00:00Z');

describe('followRenewal: the member’s Mattermost account follows their renewal', () => {
  let standIn: MattermostStandIn;
  let mattermost: MattermostPort;
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  let captured: ReturnType<typeof captureLog>;

  beforeAll(async () => {
    // A deadline long enough that a stand-in answering on a busy machine is never taken for a timeout; the timeout cases' answers come later still.
    standIn = await startMattermostStandIn({ token: TOKEN, slowAnswerMs: 3_000 });
    mattermost = createClient4Mattermost({ url: standIn.url, token: TOKEN, team: standIn.teamName, timeoutMs: 1_200 });
  });
  afterAll(() => standIn.close());
  beforeEach(async () => {
    database = await openTempDatabase();
    captured = captureLog();
    standIn.users.clear();
    standIn.teamMembers.clear();
    standIn.resetMails.splice(0);
    standIn.requests.splice(0);
    Object.assign(standIn.passwordPolicy, { minimumLength: 8, maximumLength: 72, lowercase: false, uppercase: false, number: false, symbol: false });
    standIn.legacyPasswordErrors = false;
  });
  afterEach(() => {
    database.dispose();
    expect(standIn.violations.splice(0)).toEqual([]);
  });

  const deps = (port: MattermostPort | null = mattermost) => ({ db: database.db, mattermost: port, now: () => NOW, log: captured.log });

  async function renewingMember(overrides: { email?: string; name?: string; slackHandle?: string | null; mattermostUserId?: string | null } = {}): Promise<RenewingMember> {
    const member = await addMember(database.db, 'cli', { email: overrides.email ?? 'elise.cote@example.org', name: overrides.name ?? 'Élise Côté', locale: 'fr' });
    if (overrides.mattermostUserId) await database.db.update(members).set({ mattermostUserId: overrides.mattermostUserId }).where(eq(members.id, member.id));
    return {
      id: member.id,
      email: member.email,
      name: member.name,
      locale: member.locale,
      slackHandle: overrides.slackHandle === undefined ? 'elise.cote' : overrides.slackHandle,
      mattermostUserId: overrides.mattermostUserId ?? null,
    };
  }
  const set: PasswordChoice = { kind: 'set', password: PASSWORD };
  const storedLink = async (id: string) => {
    const member = await getMember(database.db, id);
    return { mattermostUserId: member?.mattermostUserId, mattermostState: member?.mattermostState };
  };
  const queueRows = () => database.db.select().from(mattermostAccountQueue);

  it('says so and touches nothing when Mattermost accounts are not configured', async () => {
    const member = await renewingMember();

    expect(await followRenewal(deps(null), member, set)).toEqual({ status: 'not-configured' });
    expect(await storedLink(member.id)).toEqual({ mattermostUserId: null, mattermostState: null });
    expect(standIn.requests).toEqual([]);
  });

  it('creates a missing account named after the Slack handle, with the chosen password, in the team', async () => {
    const member = await renewingMember();

    const outcome = await followRenewal(deps(), member, set);

    const account = standIn.userByEmail('elise.cote@example.org')!;
    expect(outcome).toEqual({ status: 'done', mattermostUserId: account.id, created: true, reactivated: false, passwordSet: true, resetMailSent: false, signsInWith: null });
    expect(account).toMatchObject({ username: 'elise.cote', first_name: 'Élise', last_name: 'Côté', locale: 'fr', password: PASSWORD, delete_at: 0 });
    expect(standIn.teamMembers.has(account.id)).toBe(true);
    expect(await storedLink(member.id)).toEqual({ mattermostUserId: account.id, mattermostState: 'created' });
    expect(standIn.resetMails).toEqual([]);
  });

  it('steps over a taken username with a numbered suffix', async () => {
    standIn.addUser({ email: 'someone.else@example.org', username: 'elise.cote' });
    const member = await renewingMember();

    await followRenewal(deps(), member, set);

    expect(standIn.userByEmail('elise.cote@example.org')?.username).toBe('elise.cote-2');
  });

  it('derives the username from the address when the member has no Slack handle', async () => {
    const member = await renewingMember({ email: 'Jean_Eric+mm@example.org', slackHandle: null });

    await followRenewal(deps(), member, { kind: 'later' });

    expect(standIn.userByEmail('jean_eric+mm@example.org')?.username).toBe('jean_eric-mm');
  });

  it('reactivates a deactivated account found by address, sets the password, ends its other sessions, adds it to the team', async () => {
    const existing = standIn.addUser({ email: 'Elise.Cote@example.org', username: 'ecote', delete_at: 1_700_000_000_000, sessions: 2, password: 'old-password' });
    const member = await renewingMember();

    const outcome = await followRenewal(deps(), member, set);

    expect(outcome).toEqual({ status: 'done', mattermostUserId: existing.id, created: false, reactivated: true, passwordSet: true, resetMailSent: false, signsInWith: null });
    expect(existing).toMatchObject({ delete_at: 0, password: PASSWORD, sessions: 0 });
    expect(standIn.teamMembers.has(existing.id)).toBe(true);
    expect(standIn.changes().map((request) => `${request.method} ${request.path}`)).toEqual([
      `PUT /api/v4/users/${existing.id}/password`,
      `POST /api/v4/users/${existing.id}/sessions/revoke/all`,
      `PUT /api/v4/users/${existing.id}/active`,
      `POST /api/v4/teams/${standIn.teamId}/members`,
    ]);
    expect(await storedLink(member.id)).toEqual({ mattermostUserId: existing.id, mattermostState: 'linked' });
  });

  it('uses the account an administrator linked, even under another address', async () => {
    const linked = standIn.addUser({ email: 'elise@personal.example.net', username: 'elise' });
    const member = await renewingMember({ mattermostUserId: linked.id });

    const outcome = await followRenewal(deps(), member, set);

    expect(outcome).toMatchObject({ status: 'done', mattermostUserId: linked.id, created: false });
    expect(linked.password).toBe(PASSWORD);
    expect(standIn.requests.some((request) => request.path.startsWith('/api/v4/users/email/'))).toBe(false);
    expect(standIn.userByEmail('elise.cote@example.org')).toBeUndefined();
  });

  it('falls back to the address when the linked account no longer exists', async () => {
    const byEmail = standIn.addUser({ email: 'elise.cote@example.org', username: 'elise.cote' });
    const member = await renewingMember({ mattermostUserId: 'zzzzzzzzzzzzzzzzzzzzzzzzzz' });

    expect(await followRenewal(deps(), member, set)).toMatchObject({ status: 'done', mattermostUserId: byEmail.id });
    expect(await storedLink(member.id)).toEqual({ mattermostUserId: byEmail.id, mattermostState: 'linked' });
  });

  it('uses an account created meanwhile when Mattermost says the address is taken', async () => {
    const meanwhile = standIn.addUser({ email: 'elise.cote@example.org', username: 'elise' });
    // The first lookup misses it (created between the lookup and the creation).
    standIn.failNext('not-found', { method: 'GET', path: /^\/api\/v4\/users\/email\// });
    const member = await renewingMember();

    expect(await followRenewal(deps(), member, set)).toMatchObject({ status: 'done', mattermostUserId: meanwhile.id, created: false, passwordSet: true });
    expect(meanwhile.password).toBe(PASSWORD);
    expect(standIn.users.size).toBe(1);
  });

  it('asks Mattermost to mail its reset link when the member chose that, and sets no password', async () => {
    const existing = standIn.addUser({ email: 'elise.cote@example.org', username: 'elise.cote', password: 'old-password' });
    const member = await renewingMember();

    const outcome = await followRenewal(deps(), member, { kind: 'reset-mail' });

    expect(outcome).toMatchObject({ status: 'done', passwordSet: false, resetMailSent: true });
    expect(standIn.resetMails).toEqual(['elise.cote@example.org']);
    expect(existing.password).toBe('old-password');
  });

  it('creates the account with a password nobody knows when the member sets theirs later', async () => {
    const member = await renewingMember();

    expect(await followRenewal(deps(), member, { kind: 'later' })).toMatchObject({ status: 'done', created: true, passwordSet: false, resetMailSent: false });
    const account = standIn.userByEmail('elise.cote@example.org')!;
    expect(account.password).toMatch(/^[A-Za-z0-9_-]{32}aA1!$/);
    expect(standIn.resetMails).toEqual([]);
  });

  it('sets no password and mails no reset link for an account that signs in through SSO, and says so', async () => {
    const sso = standIn.addUser({ email: 'elise.cote@example.org', username: 'elise.cote', auth_service: 'gitlab', delete_at: 1 });
    const member = await renewingMember();

    expect(await followRenewal(deps(), member, set)).toEqual({
      status: 'done',
      mattermostUserId: sso.id,
      created: false,
      reactivated: true,
      passwordSet: false,
      resetMailSent: false,
      signsInWith: 'gitlab',
    });
    expect(await followRenewal(deps(), member, { kind: 'reset-mail' })).toMatchObject({ status: 'done', resetMailSent: false, signsInWith: 'gitlab' });
    expect(standIn.changes().map((request) => request.path)).not.toContain(`/api/v4/users/${sso.id}/password`);
    expect(standIn.teamMembers.has(sso.id)).toBe(true);
  });

  describe('a password Mattermost refuses', () => {
    it('changes nothing on an existing account and names the rule', async () => {
      const existing = standIn.addUser({ email: 'elise.cote@example.org', username: 'elise.cote', delete_at: 1, sessions: 2, password: 'old-password' });
      const member = await renewingMember();

      const outcome = await followRenewal(deps(), member, { kind: 'set', password: 'court' });

      expect(outcome).toEqual({ status: 'password-rejected', rule: 'min-length', detail: 'Your password must contain at least 8 characters.' });
      expect(existing).toMatchObject({ delete_at: 1, sessions: 2, password: 'old-password' });
      expect(standIn.teamMembers.size).toBe(0);
      expect(standIn.changes().map((request) => `${request.method} ${request.path}`)).toEqual([`PUT /api/v4/users/${existing.id}/password`]);
      expect(await storedLink(member.id)).toEqual({ mattermostUserId: null, mattermostState: null });
      expect(await queueRows()).toEqual([]);
    });

    it('creates no account', async () => {
      standIn.passwordPolicy.uppercase = true;
      standIn.passwordPolicy.number = true;
      const member = await renewingMember();

      const outcome = await followRenewal(deps(), member, { kind: 'set', password: 'sans majuscule' });

      expect(outcome).toMatchObject({ status: 'password-rejected', rule: 'character-classes' });
      expect(standIn.users.size).toBe(0);
    });

    it('reads a length rule and a too-long password from the server’s ids', async () => {
      const member = await renewingMember();

      expect(await followRenewal(deps(), member, { kind: 'set', password: 'é'.repeat(40) })).toMatchObject({ status: 'password-rejected', rule: 'max-length' });
      standIn.legacyPasswordErrors = true;
      expect(await followRenewal(deps(), member, { kind: 'set', password: 'court' })).toMatchObject({ status: 'password-rejected', rule: 'other' });
    });
  });

  describe('when Mattermost cannot follow', () => {
    it.each([
      ['server-error', 'unavailable'],
      ['proxy-error', 'unavailable'],
      ['reset', 'unavailable'],
      ['timeout', 'timeout'],
      ['unauthorized', 'unauthorized'],
      ['forbidden', 'forbidden'],
    ] as const)('queues the account change on %s (%s), and the renewal goes on', async (failure, kind) => {
      standIn.failNext(failure);
      const member = await renewingMember();

      const outcome = await followRenewal(deps(), member, set);

      expect(outcome).toEqual({ status: 'queued', kind, reason: expect.any(String), passwordSet: false });
      expect(await storedLink(member.id)).toEqual({ mattermostUserId: null, mattermostState: 'failed' });
      expect(await queuedAccountChanges(database.db)).toEqual([
        {
          memberId: member.id,
          email: 'elise.cote@example.org',
          name: 'Élise Côté',
          status: 'invited',
          passwordChoice: 'set',
          passwordBecomesResetMail: true,
          queuedAt: NOW,
          attempts: 1,
          lastAttemptAt: NOW,
          lastError: expect.stringMatching(new RegExp(`^${kind}: `)),
        },
      ]);
      const { items } = await listAudit(database.db, 1);
      expect(items.map((entry) => entry.action)).toEqual(['member.mattermost-queued', 'member.added']);
      expect(captured.output()).toContain('Mattermost account change queued');
    });

    it('keeps what was done: a password that reached Mattermost needs no reset mail on retry', async () => {
      const existing = standIn.addUser({ email: 'elise.cote@example.org', username: 'elise.cote' });
      standIn.failNext('server-error', { path: /\/teams\/.+\/members$/ });
      const member = await renewingMember();

      expect(await followRenewal(deps(), member, set)).toMatchObject({ status: 'queued', passwordSet: true });
      expect(existing.password).toBe(PASSWORD);
      expect(await storedLink(member.id)).toEqual({ mattermostUserId: existing.id, mattermostState: 'failed' });

      const results = await retryQueuedAccountChanges(deps());
      expect(results).toEqual([expect.objectContaining({ status: 'done', passwordBecameResetMail: false, resetMailSent: false })]);
      expect(standIn.teamMembers.has(existing.id)).toBe(true);
      expect(standIn.resetMails).toEqual([]);
    });
  });

  describe('retrying the queue', () => {
    it('creates the account when Mattermost is back, and sends the reset mail in place of the password it never kept', async () => {
      standIn.failNext('server-error');
      const member = await renewingMember();
      await followRenewal(deps(), member, set);

      const results = await retryQueuedAccountChanges(deps());

      const account = standIn.userByEmail('elise.cote@example.org')!;
      expect(results).toEqual([
        { memberId: member.id, email: 'elise.cote@example.org', status: 'done', mattermostUserId: account.id, created: true, reactivated: false, resetMailSent: true, passwordBecameResetMail: true },
      ]);
      expect(account.password).not.toBe(PASSWORD);
      expect(standIn.resetMails).toEqual(['elise.cote@example.org']);
      expect(standIn.teamMembers.has(account.id)).toBe(true);
      expect(await queuedAccountChanges(database.db)).toEqual([]);
      expect(await storedLink(member.id)).toEqual({ mattermostUserId: account.id, mattermostState: 'created' });
      const { items } = await listAudit(database.db, 1);
      expect(items[0]).toMatchObject({ action: 'member.mattermost-followed', actor: 'cli', targetMemberId: member.id });
    });

    it('uses the Slack handle of the member’s Slack person for the username', async () => {
      await database.db.insert(people).values({ id: 'U01', handle: 'ecote', email: 'elise.cote@example.org' });
      standIn.failNext('server-error');
      const member = await renewingMember({ slackHandle: 'ecote' });
      await followRenewal(deps(), member, { kind: 'later' });

      await retryQueuedAccountChanges(deps());

      expect(standIn.userByEmail('elise.cote@example.org')?.username).toBe('ecote');
    });

    it('counts another failed attempt and stops at the first outage, leaving the rest untried', async () => {
      standIn.failNext('server-error', { times: 2 });
      const first = await renewingMember();
      const second = await renewingMember({ email: 'ana@example.org', name: 'Ana' });
      await followRenewal(deps(), first, { kind: 'later' });
      await followRenewal({ ...deps(), now: () => new Date(NOW.getTime() + 60_000) }, second, { kind: 'reset-mail' });
      standIn.failNext('timeout');

      const results = await retryQueuedAccountChanges(deps());

      expect(results.map((result) => result.status)).toEqual(['queued', 'not-tried']);
      const queue = await queuedAccountChanges(database.db);
      expect(queue.map((row) => [row.email, row.attempts, row.lastError.split(':')[0]])).toEqual([
        ['elise.cote@example.org', 2, 'timeout'],
        ['ana@example.org', 1, 'unavailable'],
      ]);
    });

    it('drops the change of a member disabled since', async () => {
      standIn.failNext('server-error');
      const member = await renewingMember();
      await followRenewal(deps(), member, { kind: 'later' });
      await database.db.update(members).set({ status: 'disabled' }).where(eq(members.id, member.id));

      expect(await retryQueuedAccountChanges(deps())).toEqual([{ memberId: member.id, email: 'elise.cote@example.org', status: 'dropped', reason: 'the member is disabled' }]);
      expect(standIn.users.size).toBe(0);
      expect(await queuedAccountChanges(database.db)).toEqual([]);
    });

    it('refuses to run without Mattermost accounts configured', async () => {
      await expect(retryQueuedAccountChanges(deps(null))).rejects.toThrow(/MATTERMOST_TOKEN/);
    });
  });

  it('never writes the password to the database, the audit log or the logs', async () => {
    // Every path the password travels: a refusal, an outage, a creation, a change.
    const member = await renewingMember();
    standIn.passwordPolicy.symbol = true;
    const refused = 'SansSymbole1234';
    expect((await followRenewal(deps(), member, { kind: 'set', password: refused })).status).toBe('password-rejected');
    standIn.passwordPolicy.symbol = false;
    standIn.failNext('server-error', { path: /\/teams\/.+\/members$/ });
    expect((await followRenewal(deps(), member, set)).status).toBe('queued');
    expect((await followRenewal(deps(), member, set)).status).toBe('done');
    await retryQueuedAccountChanges(deps());
    expect(standIn.userByEmail(member.email)?.password).toBe(PASSWORD);

    const { items } = await listAudit(database.db, 1);
    const logged = captured.output();
    database.close();
    const files = [database.file, `${database.file}-wal`].filter((file) => fs.existsSync(file)).map((file) => fs.readFileSync(file));
    expect(files.length).toBeGreaterThan(0);
    for (const secret of [PASSWORD, refused]) {
      for (const bytes of files) expect(bytes.includes(Buffer.from(secret, 'utf8'))).toBe(false);
      expect(JSON.stringify(items)).not.toContain(secret);
      expect(logged).not.toContain(secret);
    }
    // The checks above read real content: the member's address is in both the database and the audit trail.
    expect(files.some((bytes) => bytes.includes(Buffer.from('elise.cote@example.org')))).toBe(true);
    expect(logged).toContain(member.id);
  });
});
