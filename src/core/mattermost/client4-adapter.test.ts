import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMattermostStandIn, type MattermostStandIn, type StandInFailure } from '../../../tests/stand-ins/mattermost.ts';
import { closedLocalUrl } from '../../../tests/support/closed-port.ts';
import { createClient4Mattermost } from './client4-adapter.ts';
import { MattermostError, type MattermostPort } from './port.ts';

const TOKEN = 'stand-in-mattermost-token';
const TIMEOUT_MS = 300;

async function failureOf(work: Promise<unknown>): Promise<MattermostError> {
  const error = await work.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(MattermostError);
  return error as MattermostError;
}

describe('Client4 adapter: the requests it sends and how it reads the answers', () => {
  let standIn: MattermostStandIn;
  let mattermost: MattermostPort;

  beforeAll(async () => {
    standIn = await startMattermostStandIn({ token: TOKEN, slowAnswerMs: TIMEOUT_MS * 5 });
  });
  afterAll(() => standIn.close());
  beforeEach(() => {
    standIn.users.clear();
    standIn.teamMembers.clear();
    standIn.requests.splice(0);
    mattermost = createClient4Mattermost({ url: `${standIn.url}/`, token: TOKEN, team: standIn.teamName, timeoutMs: TIMEOUT_MS });
  });
  afterEach(() => {
    expect(standIn.violations.splice(0)).toEqual([]);
  });

  const sent = () => standIn.requests.map(({ method, path, body }) => ({ method, path, body }));

  it('sends the documented requests with the Bearer token and JSON bodies', async () => {
    const user = await mattermost.createUser({ email: 'ana@example.org', username: 'ana', password: 'Mot-de-passe-1', firstName: 'Ana', lastName: 'Lima', locale: 'en' });
    await mattermost.setPassword(user.id, 'Mot-de-passe-2');
    await mattermost.revokeSessions(user.id);
    await mattermost.setActive(user.id, false);
    await mattermost.addToTeam(user.id);
    await mattermost.sendPasswordResetMail('ana@example.org');
    await mattermost.getUser(user.id);

    expect(sent()).toEqual([
      { method: 'POST', path: '/api/v4/users', body: { email: 'ana@example.org', username: 'ana', password: 'Mot-de-passe-1', first_name: 'Ana', last_name: 'Lima', locale: 'en' } },
      { method: 'PUT', path: `/api/v4/users/${user.id}/password`, body: { current_password: '', new_password: 'Mot-de-passe-2' } },
      { method: 'POST', path: `/api/v4/users/${user.id}/sessions/revoke/all`, body: undefined },
      { method: 'PUT', path: `/api/v4/users/${user.id}/active`, body: { active: false } },
      { method: 'GET', path: `/api/v4/teams/name/${standIn.teamName}`, body: undefined },
      { method: 'POST', path: `/api/v4/teams/${standIn.teamId}/members`, body: { team_id: standIn.teamId, user_id: user.id } },
      { method: 'POST', path: '/api/v4/users/password/reset/send', body: { email: 'ana@example.org' } },
      { method: 'GET', path: `/api/v4/users/${user.id}`, body: undefined },
    ]);
    for (const request of standIn.requests) {
      expect(request.headers.authorization).toMatch(new RegExp(`^bearer ${TOKEN}$`, 'i'));
      expect(request.headers.cookie).toBeUndefined();
    }
  });

  it('puts an address in the path with @ and + kept and path-breaking characters escaped', async () => {
    standIn.addUser({ email: 'ana+mm@example.org', username: 'ana' });

    expect(await mattermost.findUserByEmail('ana+mm@example.org')).toMatchObject({ username: 'ana' });
    expect(await mattermost.findUserByEmail('a/b?c#d@example.org')).toBeNull();
    expect(standIn.requests.map((request) => request.path)).toEqual(['/api/v4/users/email/ana+mm@example.org', '/api/v4/users/email/a%2Fb%3Fc%23d@example.org']);
  });

  it('looks the team up once, and again after a failed lookup', async () => {
    const user = standIn.addUser({ email: 'ana@example.org', username: 'ana' });
    standIn.failNext('server-error', { path: /^\/api\/v4\/teams\/name\// });

    expect((await failureOf(mattermost.addToTeam(user.id))).kind).toBe('unavailable');
    await mattermost.addToTeam(user.id);
    await mattermost.addToTeam(user.id);

    expect(standIn.requests.filter((request) => request.path.startsWith('/api/v4/teams/name/'))).toHaveLength(2);
    expect(standIn.teamMembers.has(user.id)).toBe(true);
  });

  it('reports a team name Mattermost does not know as not found', async () => {
    const user = standIn.addUser({ email: 'ana@example.org', username: 'ana' });
    const elsewhere = createClient4Mattermost({ url: standIn.url, token: TOKEN, team: 'autre-equipe', timeoutMs: TIMEOUT_MS });

    expect(await failureOf(elsewhere.addToTeam(user.id))).toMatchObject({ kind: 'not-found', status: 404, id: 'app.team.get_by_name.missing.app_error' });
  });

  it.each([
    ['unauthorized', { kind: 'unauthorized', status: 401, id: 'api.context.session_expired.app_error' }],
    ['forbidden', { kind: 'forbidden', status: 403, id: 'api.context.permissions.app_error' }],
    ['not-found', { kind: 'not-found', status: 404 }],
    ['server-error', { kind: 'unavailable', status: 500 }],
    ['proxy-error', { kind: 'unavailable', status: 0 }],
    ['reset', { kind: 'unavailable', status: 0 }],
    ['timeout', { kind: 'timeout', status: 0 }],
  ] as [StandInFailure, object][])('maps %s to a typed error', async (failure, expected) => {
    standIn.failNext(failure);

    expect(await failureOf(mattermost.setActive('abcdefghijklmnopqrstuvwxyz', true))).toMatchObject(expected);
  });

  it('gives up at its deadline instead of waiting for the server', async () => {
    standIn.failNext('timeout');
    const started = performance.now();

    expect((await failureOf(mattermost.findUserByEmail('ana@example.org'))).kind).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS * 3);
  });

  it('answers null for a lookup Mattermost answers 404, and throws for other lookup failures', async () => {
    expect(await mattermost.findUserByEmail('nobody@example.org')).toBeNull();
    expect(await mattermost.getUser('abcdefghijklmnopqrstuvwxyz')).toBeNull();
    standIn.failNext('server-error');
    expect((await failureOf(mattermost.findUserByEmail('nobody@example.org'))).kind).toBe('unavailable');
  });

  it('reads each password rule from its id, and the old combined id', async () => {
    const user = standIn.addUser({ email: 'ana@example.org', username: 'ana' });
    Object.assign(standIn.passwordPolicy, { uppercase: true, number: true });
    try {
      expect(await failureOf(mattermost.setPassword(user.id, 'court'))).toMatchObject({ kind: 'invalid-password', rule: 'min-length', id: 'model.user.is_valid.pwd_min_length.app_error' });
      expect(await failureOf(mattermost.setPassword(user.id, 'x'.repeat(73)))).toMatchObject({ rule: 'max-length' });
      expect(await failureOf(mattermost.setPassword(user.id, 'seulement-minuscules'))).toMatchObject({ rule: 'character-classes', id: 'model.user.is_valid.pwd_uppercase_number.app_error' });
      standIn.legacyPasswordErrors = true;
      expect(await failureOf(mattermost.setPassword(user.id, 'court'))).toMatchObject({ rule: 'character-classes', id: 'model.user.is_valid.pwd_uppercase_number.app_error' });
    } finally {
      Object.assign(standIn.passwordPolicy, { uppercase: false, number: false });
      standIn.legacyPasswordErrors = false;
    }
  });

  it('reads a duplicate address or username, and any other refusal, from the ids', async () => {
    standIn.addUser({ email: 'ana@example.org', username: 'ana' });
    const account = { email: 'ana@example.org', username: 'ana2', password: 'Mot-de-passe-1', firstName: '', lastName: '', locale: 'fr' as const };

    expect(await failureOf(mattermost.createUser(account))).toMatchObject({ kind: 'duplicate-email', id: 'app.user.save.email_exists.app_error' });
    expect(await failureOf(mattermost.createUser({ ...account, email: 'autre@example.org', username: 'ana' }))).toMatchObject({ kind: 'duplicate-username' });
    expect(await failureOf(mattermost.createUser({ ...account, email: 'autre@example.org', username: 'all' }))).toMatchObject({ kind: 'rejected', status: 400 });
  });

  it('reports a refused connection as unavailable, naming the cause', async () => {
    const away = createClient4Mattermost({ url: await closedLocalUrl(), token: TOKEN, team: 'collectif', timeoutMs: TIMEOUT_MS });

    expect(await failureOf(away.getUser('abcdefghijklmnopqrstuvwxyz'))).toMatchObject({ kind: 'unavailable', message: expect.stringContaining('ECONNREFUSED') });
  });
});
