import { Client4 } from '@mattermost/client';
import type { Options } from '@mattermost/types/client4';
import type { UserProfile } from '@mattermost/types/users';
import { classifyMattermostError } from './classify-error.ts';
import { MattermostError, type MattermostPort, type MattermostUser } from './port.ts';

export interface Client4AdapterOptions {
  /** The server's address, e.g. https://chat.example.org (no /api/v4). */
  url: string;
  /** A bot's access token or a system administrator's personal access token. */
  token: string;
  /** The team name as in Mattermost's URLs. */
  team: string;
  /** Deadline of each request: a renewal page waits for the answer. */
  timeoutMs?: number;
}

/**
 * Client4 has no deadline of its own and builds every request's options in
 * `getOptions`: each request gets a fresh AbortSignal there, which also covers
 * reading the answer's body.
 */
class Client4WithDeadline extends Client4 {
  private readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super();
    this.timeoutMs = timeoutMs;
  }

  override getOptions(options: Options) {
    return { ...super.getOptions(options), signal: AbortSignal.timeout(this.timeoutMs) };
  }
}

/** The account port on Mattermost's official client, for a server's REST API v4. */
export function createClient4Mattermost(options: Client4AdapterOptions): MattermostPort {
  const client = new Client4WithDeadline(options.timeoutMs ?? 8_000);
  client.setUrl(options.url.replace(/\/+$/, ''));
  client.setToken(options.token);
  // A server-side caller: no browser cookies to send, and no CSRF token to read from them.
  client.setIncludeCookies(false);

  let teamId: Promise<string> | undefined;
  /** Looked up once; a failed lookup is forgotten so the next call asks again. */
  const configuredTeamId = () => {
    teamId ??= client.getTeamByName(options.team).then(
      (team) => team.id,
      (error: unknown) => {
        teamId = undefined;
        throw error;
      },
    );
    return teamId;
  };

  /** Runs one call, turning every failure into a MattermostError; `orNull` turns a 404 into null. */
  async function call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw classifyMattermostError(error);
    }
  }
  async function orNull<T>(work: () => Promise<T>): Promise<T | null> {
    try {
      return await call(work);
    } catch (error) {
      if (error instanceof MattermostError && error.kind === 'not-found') return null;
      throw error;
    }
  }

  return {
    findUserByEmail: (email) => orNull(async () => toUser(await client.getUserByEmail(emailInPath(email)))),
    getUser: (userId) => orNull(async () => toUser(await client.getUser(encodeURIComponent(userId)))),
    createUser: (user) =>
      call(async () =>
        toUser(
          await client.createUser(
            {
              email: user.email,
              username: user.username,
              password: user.password,
              first_name: user.firstName,
              last_name: user.lastName,
              locale: user.locale,
            } as UserProfile,
            '',
            '',
          ),
        ),
      ),
    setActive: (userId, active) => call(async () => void (await client.updateUserActive(encodeURIComponent(userId), active))),
    addToTeam: (userId) => call(async () => void (await client.addToTeam(await configuredTeamId(), userId))),
    // An administrator (manage_system) sets another account's password without its current one.
    setPassword: (userId, password) => call(async () => void (await client.updateUserPassword(encodeURIComponent(userId), '', password))),
    revokeSessions: (userId) => call(async () => void (await client.revokeAllSessionsForUser(encodeURIComponent(userId)))),
    sendPasswordResetMail: (email) => call(async () => void (await client.sendPasswordResetEmail(email))),
  };
}

/**
 * Client4 puts the address in the path as it is: escape what would end or
 * split a path segment (`/ ? # %`, spaces…), keeping `@` and `+` readable.
 */
function emailInPath(email: string): string {
  return encodeURIComponent(email).replaceAll('%40', '@').replaceAll('%2B', '+');
}

function toUser(profile: UserProfile): MattermostUser {
  return {
    id: profile.id,
    username: profile.username,
    email: profile.email,
    active: !profile.delete_at,
    authService: profile.auth_service ?? '',
  };
}
