/**
 * The few Mattermost account operations a renewal needs, and nothing else: the
 * renewal speaks to this port, the Client4 adapter (or a test's stand-in behind
 * it) answers. The team is the adapter's business: it is configured once.
 */

export interface MattermostUser {
  id: string;
  username: string;
  /** As Mattermost stores it (lower-cased). */
  email: string;
  /** Deactivated accounts are still found by email: they must be reactivated explicitly. */
  active: boolean;
  /** Set for accounts that sign in through SSO, LDAP or SAML: Mattermost keeps no password for them. */
  authService: string;
}

export interface NewMattermostUser {
  email: string;
  username: string;
  /** Mattermost requires one at creation; when the member chose none, a random one nobody ever sees. */
  password: string;
  firstName: string;
  lastName: string;
  locale: 'fr' | 'en';
}

/** Mattermost's own password rules, as its error ids name them (server v10.1 and later name one rule per failure). */
export type PasswordRule = 'min-length' | 'max-length' | 'character-classes' | 'other';

export type MattermostErrorKind =
  /** Mattermost refused the password (its rules); nothing was changed. */
  | 'invalid-password'
  | 'duplicate-email'
  | 'duplicate-username'
  /** The token is wrong, expired or revoked. */
  | 'unauthorized'
  /** The token's account lacks a permission (manage_system, or the bot's roles). */
  | 'forbidden'
  | 'not-found'
  /** Any other refusal of the request itself (a 400 Passerelle did not expect). */
  | 'rejected'
  /** No answer, a 5xx, a 429, or an answer that is not Mattermost's JSON (a proxy's error page). */
  | 'unavailable'
  /** No answer before the deadline. */
  | 'timeout';

export class MattermostError extends Error {
  readonly kind: MattermostErrorKind;
  /** Mattermost's error id, e.g. "model.user.is_valid.pwd_min_length.app_error"; empty when no answer came. */
  readonly id: string;
  /** HTTP status; 0 when no answer came. */
  readonly status: number;
  /** Set for invalid-password. */
  readonly rule: PasswordRule | undefined;

  constructor(kind: MattermostErrorKind, message: string, details: { id?: string; status?: number; rule?: PasswordRule } = {}) {
    super(message);
    this.name = 'MattermostError';
    this.kind = kind;
    this.id = details.id ?? '';
    this.status = details.status ?? 0;
    this.rule = details.rule;
  }
}

/**
 * Every method rejects with a MattermostError, never with anything else, and
 * gives up at the adapter's deadline. Lookups answer null for "no such account".
 */
export interface MattermostPort {
  findUserByEmail(email: string): Promise<MattermostUser | null>;
  getUser(userId: string): Promise<MattermostUser | null>;
  createUser(user: NewMattermostUser): Promise<MattermostUser>;
  setActive(userId: string, active: boolean): Promise<void>;
  /** Adds the account to the configured team; adding a member again changes nothing. */
  addToTeam(userId: string): Promise<void>;
  /** As an administrator: no current password needed. */
  setPassword(userId: string, password: string): Promise<void>;
  /** Ends every session of the account (web, desktop, mobile). */
  revokeSessions(userId: string): Promise<void>;
  /** Mattermost mails its own reset link to the address. */
  sendPasswordResetMail(email: string): Promise<void>;
}
