import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MattermostError, type MattermostPort, type MattermostUser, type NewMattermostUser } from '../../src/core/mattermost/port.ts';

/** What a test can see on the far side, when it can (the stand-in); absent against a real server. */
export interface MattermostInsight {
  passwordOf(userId: string): string | undefined;
  inTeam(userId: string): boolean;
  sessionsOf(userId: string): number;
  /** Gives the account open sessions, as if its owner had signed in. */
  signIn(userId: string): void;
}

export interface MattermostUnderTest {
  mattermost: MattermostPort;
  /** The same server with a token it refuses. */
  withBadToken: MattermostPort;
  /** An address nothing answers on. */
  unreachable: MattermostPort;
  insight?: MattermostInsight;
  close?: () => Promise<void>;
}

/**
 * The behaviour every account adapter shares, whatever serves it: run by
 * mattermost.test.ts against the stand-in always, and against a real server when
 * MATTERMOST_URL and MATTERMOST_TOKEN are set. Accounts it creates get unique
 * addresses under example.com and are deactivated at the end (Mattermost only
 * deletes accounts for good when its API allows it).
 */
export function describeMattermostPort(name: string, setup: () => Promise<MattermostUnderTest>): void {
  describe(`Mattermost account port contract: ${name}`, () => {
    let under: MattermostUnderTest;
    const created: MattermostUser[] = [];
    const run = `${Date.now().toString(36)}${process.pid.toString(36)}`;
    let serial = 0;

    beforeAll(async () => {
      under = await setup();
    });
    afterAll(async () => {
      for (const user of created) await under.mattermost.setActive(user.id, false).catch(() => undefined);
      await under?.close?.();
    });

    function newAccount(overrides: Partial<NewMattermostUser> = {}): NewMattermostUser {
      serial += 1;
      return {
        email: `passerelle-contract-${run}-${serial}@example.com`,
        username: `pc-${run}-${serial}`,
        password: `Contract-${run}-Pw1!`,
        firstName: 'Élise',
        lastName: 'Côté',
        locale: 'fr',
        ...overrides,
      };
    }
    async function create(overrides: Partial<NewMattermostUser> = {}): Promise<MattermostUser> {
      const user = await under.mattermost.createUser(newAccount(overrides));
      created.push(user);
      return user;
    }
    async function failureOf(work: Promise<unknown>): Promise<MattermostError> {
      const error = await work.then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(MattermostError);
      return error as MattermostError;
    }

    it('finds nobody for an address without an account, and no account for an unknown id', async () => {
      expect(await under.mattermost.findUserByEmail(`nobody-${run}@example.com`)).toBeNull();
      expect(await under.mattermost.getUser('zzzzzzzzzzzzzzzzzzzzzzzzzz')).toBeNull();
    });

    it('creates an active account, then finds it by address (in any case) and by id', async () => {
      const account = newAccount();
      const user = await create(account);

      expect(user).toMatchObject({ id: expect.stringMatching(/^[a-z0-9]{26}$/), username: account.username, email: account.email, active: true, authService: '' });
      expect(await under.mattermost.findUserByEmail(account.email.toUpperCase())).toEqual(user);
      expect(await under.mattermost.getUser(user.id)).toEqual(user);
      if (under.insight) expect(under.insight.passwordOf(user.id)).toBe(account.password);
    });

    it('refuses a second account with the same address or username, whatever their case', async () => {
      const first = await create();

      const sameEmail = await failureOf(under.mattermost.createUser(newAccount({ email: first.email.toUpperCase() })));
      expect(sameEmail.kind).toBe('duplicate-email');
      const sameName = await failureOf(under.mattermost.createUser(newAccount({ username: first.username.toUpperCase() })));
      expect(sameName.kind).toBe('duplicate-username');
    });

    it('refuses a password shorter than the server allows, names the rule, and creates nothing', async () => {
      const account = newAccount({ password: 'court' });

      const failure = await failureOf(under.mattermost.createUser(account));

      expect(failure).toMatchObject({ kind: 'invalid-password', status: 400, id: expect.stringMatching(/^model\.user\.is_valid\.pwd/) });
      expect(['min-length', 'character-classes', 'other']).toContain(failure.rule);
      expect(failure.message).toMatch(/\S/);
      expect(await under.mattermost.findUserByEmail(account.email)).toBeNull();
    });

    it('sets a password as an administrator, refusing one that breaks the rules and keeping the old one', async () => {
      const user = await create();
      const before = under.insight?.passwordOf(user.id);

      const failure = await failureOf(under.mattermost.setPassword(user.id, 'court'));
      expect(failure.kind).toBe('invalid-password');
      if (under.insight) expect(under.insight.passwordOf(user.id)).toBe(before);

      await under.mattermost.setPassword(user.id, `Renewed-${run}-Pw2!`);
      if (under.insight) expect(under.insight.passwordOf(user.id)).toBe(`Renewed-${run}-Pw2!`);
    });

    it('deactivates and reactivates an account, still found by address while deactivated', async () => {
      const user = await create();

      await under.mattermost.setActive(user.id, false);
      expect(await under.mattermost.findUserByEmail(user.email)).toMatchObject({ id: user.id, active: false });
      await under.mattermost.setActive(user.id, true);
      expect(await under.mattermost.getUser(user.id)).toMatchObject({ id: user.id, active: true });
    });

    it('adds an account to the team, and adding it again changes nothing', async () => {
      const user = await create();

      await under.mattermost.addToTeam(user.id);
      await under.mattermost.addToTeam(user.id);
      if (under.insight) expect(under.insight.inTeam(user.id)).toBe(true);
    });

    it('ends every session of an account', async () => {
      const user = await create();
      under.insight?.signIn(user.id);

      await under.mattermost.revokeSessions(user.id);
      if (under.insight) expect(under.insight.sessionsOf(user.id)).toBe(0);
    });

    it('asks Mattermost to mail its reset link, and answers the same for an unknown address', async () => {
      const user = await create();

      await expect(under.mattermost.sendPasswordResetMail(user.email)).resolves.toBeUndefined();
      await expect(under.mattermost.sendPasswordResetMail(`nobody-${run}@example.com`)).resolves.toBeUndefined();
    });

    it('reports an unknown account as not found when changing it', async () => {
      const failure = await failureOf(under.mattermost.setActive('zzzzzzzzzzzzzzzzzzzzzzzzzz', true));
      expect(failure.kind).toBe('not-found');
    });

    it('reports a refused token as unauthorized', async () => {
      const failure = await failureOf(under.withBadToken.findUserByEmail(`nobody-${run}@example.com`));
      expect(failure).toMatchObject({ kind: 'unauthorized', status: 401 });
    });

    it('reports a server that does not answer as unavailable', async () => {
      const failure = await failureOf(under.unreachable.findUserByEmail(`nobody-${run}@example.com`));
      expect(['unavailable', 'timeout']).toContain(failure.kind);
    });
  });
}
