import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the parts of Mattermost's REST API v4 that account
 * renewal uses (https://developers.mattermost.com/api-documentation/): users by
 * email and id, create, activate, password, revoke sessions, password reset
 * mail, team by name, team membership. It keeps state like the server (users,
 * deactivated users, team members, sessions), checks each request against the
 * documentation (method, path, Bearer token, JSON bodies), and answers with
 * Mattermost's JSON errors `{id, message, detailed_error, request_id,
 * status_code}` — or with the failure a test asked for (401, 403, 404, 500, a
 * proxy's 502 page, a dropped connection, no answer before the deadline).
 * A request the documentation would not allow lands in `violations`: tests
 * assert that list is empty.
 */

export type StandInFailure = 'unauthorized' | 'forbidden' | 'not-found' | 'server-error' | 'proxy-error' | 'reset' | 'timeout';

export interface StandInUser {
  id: string;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  locale: string;
  delete_at: number;
  auth_service: string;
  /** Kept in clear by the stand-in only, so tests can check what reached "Mattermost". */
  password: string;
  /** Open sessions (web, desktop, mobile), as a count. */
  sessions: number;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface PasswordPolicy {
  minimumLength: number;
  /** Mattermost counts bytes (bcrypt's limit). */
  maximumLength: number;
  lowercase: boolean;
  uppercase: boolean;
  number: boolean;
  symbol: boolean;
}

export interface MattermostStandIn {
  /** http://127.0.0.1:PORT, for the adapter's `url`. */
  url: string;
  token: string;
  teamName: string;
  teamId: string;
  requests: ReceivedRequest[];
  violations: string[];
  /** By id. */
  users: Map<string, StandInUser>;
  teamMembers: Set<string>;
  /** Addresses Mattermost mailed a reset link to. */
  resetMails: string[];
  passwordPolicy: PasswordPolicy;
  /** Answer password failures with v10.0's single combined id instead of one id per rule. */
  legacyPasswordErrors: boolean;
  addUser(user: Partial<StandInUser> & { email: string; username: string }): StandInUser;
  userByEmail(email: string): StandInUser | undefined;
  /** The next request matching (any, by default) gets this failure; `times` requests in a row. */
  failNext(failure: StandInFailure, match?: { method?: string; path?: RegExp; times?: number }): void;
  /** Requests that changed something (everything but GET). */
  changes(): ReceivedRequest[];
  close(): Promise<void>;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minimumLength: 8, maximumLength: 72, lowercase: false, uppercase: false, number: false, symbol: false };
const RESERVED_USERNAMES = new Set(['all', 'channel', 'matterbot', 'system']);
const USER_KEYS = new Set(['email', 'username', 'password', 'first_name', 'last_name', 'locale']);

class ApiError {
  readonly status: number;
  readonly id: string;
  readonly message: string;
  constructor(status: number, id: string, message: string) {
    this.status = status;
    this.id = id;
    this.message = message;
  }
}

function newId(): string {
  // Mattermost ids: 26 characters of lower-case base32.
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(26), (byte) => alphabet[byte % 36]).join('');
}

const ID = /^[a-z0-9]{26}$/;

export interface StandInOptions {
  token: string;
  teamName?: string;
  /** How long a "timeout" failure holds the request before dropping it: longer than the client's deadline. */
  slowAnswerMs?: number;
  /** Serve the /__stand-in/ routes a browser test's harness drives (standalone process only). */
  control?: boolean;
  /** 0 (the default) picks a free port. */
  port?: number;
}

export async function startMattermostStandIn(options: StandInOptions): Promise<MattermostStandIn> {
  const teamName = options.teamName ?? 'collectif';
  const teamId = newId();
  const requests: ReceivedRequest[] = [];
  const violations: string[] = [];
  const users = new Map<string, StandInUser>();
  const teamMembers = new Set<string>();
  const resetMails: string[] = [];
  const failures: { failure: StandInFailure; method?: string; path?: RegExp; times: number }[] = [];
  const pending = new Set<NodeJS.Timeout>();

  const standIn: MattermostStandIn = {
    url: '',
    token: options.token,
    teamName,
    teamId,
    requests,
    violations,
    users,
    teamMembers,
    resetMails,
    passwordPolicy: { ...DEFAULT_PASSWORD_POLICY },
    legacyPasswordErrors: false,
    addUser(user) {
      const stored: StandInUser = {
        id: newId(),
        first_name: '',
        last_name: '',
        locale: 'en',
        delete_at: 0,
        auth_service: '',
        password: randomUUID(),
        sessions: 0,
        ...user,
        email: user.email.toLowerCase(),
        username: user.username.toLowerCase(),
      };
      users.set(stored.id, stored);
      return stored;
    },
    userByEmail: (email) => [...users.values()].find((user) => user.email === email.toLowerCase()),
    failNext(failure, match = {}) {
      failures.push({ failure, method: match.method, path: match.path, times: match.times ?? 1 });
    },
    changes: () => requests.filter((request) => request.method !== 'GET'),
    close: () =>
      new Promise((resolve, reject) => {
        for (const timer of pending) clearTimeout(timer);
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };

  function passwordProblem(password: unknown): ApiError | null {
    if (typeof password !== 'string') return new ApiError(400, 'model.user.is_valid.pwd.app_error', 'Invalid password.');
    const policy = standIn.passwordPolicy;
    const classes = (['lowercase', 'uppercase', 'number', 'symbol'] as const).filter((name) => policy[name]);
    const missing = classes.filter((name) => !CLASS_TESTS[name].test(password));
    const bytes = Buffer.byteLength(password, 'utf8');
    const failed = bytes < policy.minimumLength ? 'min' : bytes > policy.maximumLength ? 'max' : missing.length > 0 ? 'classes' : null;
    if (failed === null) return null;
    if (standIn.legacyPasswordErrors) {
      const id = classes.length === 0 ? 'model.user.is_valid.pwd.app_error' : `model.user.is_valid.pwd_${classes.join('_')}.app_error`;
      return new ApiError(400, id, `Your password must contain at least ${policy.minimumLength} characters${classes.length ? ` with at least one ${classes.join(', ')}` : ''}.`);
    }
    if (failed === 'min') return new ApiError(400, 'model.user.is_valid.pwd_min_length.app_error', `Your password must contain at least ${policy.minimumLength} characters.`);
    if (failed === 'max') return new ApiError(400, 'model.user.is_valid.pwd_max_length.app_error', `Your password must contain no more than ${policy.maximumLength} characters.`);
    return new ApiError(400, `model.user.is_valid.pwd_${missing.join('_')}.app_error`, `Your password must contain at least one ${missing.join(', ')} character.`);
  }

  function requireUser(id: string): StandInUser {
    if (!ID.test(id)) throw new ApiError(400, 'api.context.invalid_url_param.app_error', 'Invalid or missing user_id parameter in request URL.');
    const user = users.get(id);
    if (!user) throw new ApiError(404, 'app.user.missing_account.const', 'Unable to find the user.');
    return user;
  }

  function expectBody(request: ReceivedRequest, allowed: Set<string>, required: string[]): Record<string, unknown> {
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      violations.push(`${request.method} ${request.path}: the body must be a JSON object`);
      throw new ApiError(400, 'api.context.invalid_body_param.app_error', 'Invalid or missing body in request.');
    }
    const record = body as Record<string, unknown>;
    for (const key of Object.keys(record)) if (!allowed.has(key)) violations.push(`${request.method} ${request.path}: unexpected field "${key}"`);
    for (const key of required) {
      if (!(key in record)) {
        violations.push(`${request.method} ${request.path}: missing field "${key}"`);
        throw new ApiError(400, 'api.context.invalid_body_param.app_error', `Invalid or missing ${key} in request body.`);
      }
    }
    return record;
  }

  function expectNoBody(request: ReceivedRequest): void {
    if (request.body !== undefined) violations.push(`${request.method} ${request.path}: expected no body`);
  }

  /** The documented routes; anything else is a violation and a 404. */
  function route(request: ReceivedRequest): { status: number; body: unknown } {
    const { method, path } = request;
    let match: RegExpMatchArray | null;
    if (method === 'GET' && (match = path.match(/^\/api\/v4\/users\/email\/([^/]+)$/))) {
      expectNoBody(request);
      const user = standIn.userByEmail(decodeURIComponent(match[1]!));
      if (!user) throw new ApiError(404, 'app.user.missing_account.const', 'Unable to find the user.');
      return { status: 200, body: publicUser(user) };
    }
    if (method === 'POST' && path === '/api/v4/users/password/reset/send') {
      const { email } = expectBody(request, new Set(['email']), ['email']);
      // Mattermost answers OK for unknown addresses too: the answer tells nobody who has an account.
      const user = typeof email === 'string' ? standIn.userByEmail(email) : undefined;
      if (user && user.delete_at === 0 && user.auth_service === '') resetMails.push(user.email);
      return { status: 200, body: { status: 'OK' } };
    }
    if (method === 'POST' && path === '/api/v4/users') {
      const body = expectBody(request, USER_KEYS, ['email', 'username', 'password']);
      const email = String(body.email).toLowerCase();
      const username = String(body.username).toLowerCase();
      if (!/^[a-z0-9._-]{1,64}$/.test(username) || RESERVED_USERNAMES.has(username)) {
        throw new ApiError(400, 'model.user.is_valid.username.app_error', 'Invalid username.');
      }
      if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new ApiError(400, 'model.user.is_valid.email.app_error', 'Invalid email.');
      const problem = passwordProblem(body.password);
      if (problem) throw problem;
      if (standIn.userByEmail(email)) throw new ApiError(400, 'app.user.save.email_exists.app_error', 'An account with that email already exists.');
      if ([...users.values()].some((user) => user.username === username)) {
        throw new ApiError(400, 'app.user.save.username_exists.app_error', 'An account with that username already exists.');
      }
      const user = standIn.addUser({
        email,
        username,
        password: String(body.password),
        first_name: typeof body.first_name === 'string' ? body.first_name : '',
        last_name: typeof body.last_name === 'string' ? body.last_name : '',
        locale: typeof body.locale === 'string' ? body.locale : 'en',
      });
      return { status: 201, body: publicUser(user) };
    }
    if (method === 'GET' && (match = path.match(/^\/api\/v4\/users\/([^/]+)$/))) {
      expectNoBody(request);
      return { status: 200, body: publicUser(requireUser(match[1]!)) };
    }
    if (method === 'PUT' && (match = path.match(/^\/api\/v4\/users\/([^/]+)\/active$/))) {
      const { active } = expectBody(request, new Set(['active']), ['active']);
      if (typeof active !== 'boolean') violations.push(`${method} ${path}: "active" must be a boolean`);
      const user = requireUser(match[1]!);
      user.delete_at = active ? 0 : Date.now();
      if (!active) user.sessions = 0;
      return { status: 200, body: { status: 'OK' } };
    }
    if (method === 'PUT' && (match = path.match(/^\/api\/v4\/users\/([^/]+)\/password$/))) {
      const body = expectBody(request, new Set(['current_password', 'new_password']), ['new_password']);
      // An administrator (manage_system) leaves the current password empty.
      if (body.current_password !== undefined && body.current_password !== '') violations.push(`${method} ${path}: an administrator sends no current password`);
      const user = requireUser(match[1]!);
      if (user.auth_service !== '') throw new ApiError(400, 'api.user.update_password.oauth.app_error', 'Update password failed because the user is logged in through an OAuth service.');
      const problem = passwordProblem(body.new_password);
      if (problem) throw problem;
      user.password = String(body.new_password);
      // Mattermost ends the account's sessions when an administrator changes its password.
      user.sessions = 0;
      return { status: 200, body: { status: 'OK' } };
    }
    if (method === 'POST' && (match = path.match(/^\/api\/v4\/users\/([^/]+)\/sessions\/revoke\/all$/))) {
      expectNoBody(request);
      requireUser(match[1]!).sessions = 0;
      return { status: 200, body: { status: 'OK' } };
    }
    if (method === 'GET' && (match = path.match(/^\/api\/v4\/teams\/name\/([^/]+)$/))) {
      expectNoBody(request);
      if (decodeURIComponent(match[1]!) !== teamName) throw new ApiError(404, 'app.team.get_by_name.missing.app_error', 'Unable to find the existing team.');
      return { status: 200, body: { id: teamId, name: teamName, display_name: 'Collectif', type: 'I', delete_at: 0 } };
    }
    if (method === 'POST' && (match = path.match(/^\/api\/v4\/teams\/([^/]+)\/members$/))) {
      const body = expectBody(request, new Set(['team_id', 'user_id']), ['team_id', 'user_id']);
      if (body.team_id !== match[1]) violations.push(`${method} ${path}: team_id in the body differs from the path`);
      if (match[1] !== teamId) throw new ApiError(404, 'app.team.get.find.app_error', 'Unable to find the existing team.');
      const user = requireUser(String(body.user_id));
      teamMembers.add(user.id);
      return { status: 201, body: { team_id: teamId, user_id: user.id, roles: 'team_user', delete_at: 0, scheme_user: true, scheme_admin: false } };
    }
    violations.push(`no such route in the stand-in: ${method} ${path}`);
    throw new ApiError(404, 'api.context.404.app_error', 'Sorry, we could not find the page.');
  }

  /** A test harness (the browser tests) drives a standalone stand-in through these, without a token. */
  function control(request: ReceivedRequest): { status: number; body: unknown } | null {
    if (!options.control || !request.path.startsWith('/__stand-in/')) return null;
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (request.method === 'POST' && request.path === '/__stand-in/fail-next') {
      standIn.failNext(body.failure as StandInFailure, { method: body.method as string | undefined, path: typeof body.path === 'string' ? new RegExp(body.path) : undefined, times: body.times as number | undefined });
      return { status: 200, body: { status: 'OK' } };
    }
    if (request.method === 'POST' && request.path === '/__stand-in/users') {
      return { status: 201, body: publicUser(standIn.addUser(body as unknown as StandInUser)) };
    }
    // Whether an account holds this password, without handing passwords out (the state never shows them).
    if (request.method === 'POST' && request.path === '/__stand-in/password-check') {
      const user = standIn.userByEmail(String(body.email));
      return { status: 200, body: { exists: Boolean(user), matches: user !== undefined && user.password === body.password } };
    }
    if (request.method === 'GET' && request.path === '/__stand-in/state') {
      return {
        status: 200,
        body: {
          users: [...users.values()].map((user) => ({ ...publicUser(user), sessions: user.sessions, in_team: teamMembers.has(user.id) })),
          resetMails,
          violations,
        },
      };
    }
    return { status: 404, body: { status: 'unknown control route' } };
  }

  function takeFailure(request: ReceivedRequest): StandInFailure | undefined {
    const index = failures.findIndex((entry) => (!entry.method || entry.method === request.method) && (!entry.path || entry.path.test(request.path)));
    if (index < 0) return undefined;
    const entry = failures[index]!;
    entry.times -= 1;
    if (entry.times <= 0) failures.splice(index, 1);
    return entry.failure;
  }

  const server = http.createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(incoming.url ?? '/', 'http://stand-in');
      const request: ReceivedRequest = { method: incoming.method ?? 'GET', path: url.pathname, headers: incoming.headers, body: undefined };
      if (raw !== '') {
        try {
          request.body = JSON.parse(raw);
        } catch {
          violations.push(`${request.method} ${request.path}: the body is not JSON`);
        }
        if (incoming.headers['content-type'] !== 'application/json') violations.push(`${request.method} ${request.path}: Content-Type must be application/json`);
      }
      const controlled = control(request);
      if (controlled) return answer(response, controlled.status, controlled.body);
      requests.push(request);
      if (url.search !== '') violations.push(`${request.method} ${request.path}: unexpected query string ${url.search}`);

      const failure = takeFailure(request);
      if (failure === 'reset') return void incoming.socket.destroy();
      if (failure === 'timeout') {
        // No answer before the client's deadline, and nothing done: the connection then drops.
        const timer = setTimeout(() => {
          pending.delete(timer);
          incoming.socket.destroy();
        }, options.slowAnswerMs ?? 2_000);
        pending.add(timer);
        return;
      }
      if (failure === 'proxy-error') {
        response.writeHead(502, { 'content-type': 'text/html' }).end('<html><body><h1>502 Bad Gateway</h1></body></html>');
        return;
      }

      const authorization = incoming.headers.authorization ?? '';
      const bearer = /^bearer (.+)$/i.exec(authorization);
      if (!bearer) violations.push(`${request.method} ${request.path}: expected "Authorization: Bearer <token>", got "${authorization ? 'another scheme' : 'none'}"`);
      try {
        if (failure === 'unauthorized' || bearer?.[1] !== options.token) {
          throw new ApiError(401, 'api.context.session_expired.app_error', 'Invalid or expired session, please login again.');
        }
        if (failure === 'forbidden') throw new ApiError(403, 'api.context.permissions.app_error', 'You do not have the appropriate permissions.');
        if (failure === 'not-found') throw new ApiError(404, 'api.context.404.app_error', 'Sorry, we could not find the page.');
        if (failure === 'server-error') throw new ApiError(500, 'app.user.get.app_error', 'We encountered an error finding the account.');
        const result = route(request);
        answer(response, result.status, result.body);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        answer(response, error.status, { id: error.id, message: error.message, detailed_error: '', request_id: newId(), status_code: error.status });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return standIn;
}

const CLASS_TESTS = { lowercase: /[a-z]/, uppercase: /[A-Z]/, number: /[0-9]/, symbol: /[^a-zA-Z0-9]/ };

/** What Mattermost returns for an account: never its password. */
function publicUser(user: StandInUser) {
  const { password: _password, sessions: _sessions, ...visible } = user;
  return { ...visible, create_at: 0, update_at: 0, roles: 'system_user', nickname: '', position: '', is_bot: false };
}

function answer(response: http.ServerResponse, status: number, body: unknown): void {
  // Exactly "application/json": Client4 reads the body as JSON only then.
  response.writeHead(status, { 'content-type': 'application/json', 'x-version-id': '10.11.0.standin' }).end(JSON.stringify(body));
}
