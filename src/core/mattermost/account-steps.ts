import { randomBytes } from 'node:crypto';
import { MattermostError, type MattermostPort, type MattermostUser } from './port.ts';
import { baseUsername, USERNAME_ATTEMPTS, usernameCandidate } from './username.ts';

/** Who the account belongs to, as far as Mattermost needs to know. */
export interface AccountOwner {
  email: string;
  name: string | null;
  locale: 'fr' | 'en';
  slackHandle: string | null;
  mattermostUserId: string | null;
}

/** What the account should end up with, besides existing, being active and in the team. */
export interface AccountWish {
  /** The member's new password; it passes through, it is never kept. */
  password: string | null;
  resetMail: boolean;
}

export interface AccountProgress {
  user: MattermostUser | null;
  created: boolean;
  reactivated: boolean;
  passwordSet: boolean;
  resetMailSent: boolean;
}

/** A step failed; what was already done stays done (Mattermost has no transactions). */
export class AccountStepFailed extends Error {
  readonly failure: MattermostError;
  readonly progress: AccountProgress;
  constructor(failure: MattermostError, progress: AccountProgress) {
    super(failure.message);
    this.name = 'AccountStepFailed';
    this.failure = failure;
    this.progress = progress;
  }
}

/** What an audit entry or a log line may say about the change: facts, never the password. */
export function followedDetails(progress: AccountProgress): Record<string, unknown> {
  return {
    mattermostUserId: progress.user?.id ?? null,
    created: progress.created,
    reactivated: progress.reactivated,
    passwordSet: progress.passwordSet,
    resetMailSent: progress.resetMailSent,
  };
}

/**
 * Finds the member's account (the linked id first, then the address), creates
 * it when there is none, sets the password, ends the other sessions, reactivates
 * it, adds it to the team, and asks for Mattermost's reset mail — in that order,
 * so that a refused password stops everything before any change.
 */
export async function bringAccountInLine(mattermost: MattermostPort, owner: AccountOwner, wish: AccountWish): Promise<AccountProgress & { user: MattermostUser }> {
  const progress: AccountProgress = { user: null, created: false, reactivated: false, passwordSet: false, resetMailSent: false };
  try {
    let user = await locateAccount(mattermost, owner);
    if (!user) {
      const made = await createAccount(mattermost, owner, wish.password);
      user = made.user;
      progress.created = made.created;
      progress.passwordSet = made.created && wish.password !== null;
    }
    progress.user = user;
    // An account that signs in through SSO, LDAP or SAML has no Mattermost password to set or reset.
    const usesPassword = user.authService === '';
    if (usesPassword && wish.password !== null && !progress.created) {
      await mattermost.setPassword(user.id, wish.password);
      progress.passwordSet = true;
      // Mattermost ends other sessions itself by default; a server configured otherwise still must.
      await mattermost.revokeSessions(user.id);
    }
    if (!user.active) {
      await mattermost.setActive(user.id, true);
      progress.reactivated = true;
      user = { ...user, active: true };
      progress.user = user;
    }
    await mattermost.addToTeam(user.id);
    if (usesPassword && wish.resetMail) {
      await mattermost.sendPasswordResetMail(user.email);
      progress.resetMailSent = true;
    }
    return { ...progress, user };
  } catch (error) {
    const failure = error instanceof MattermostError ? error : new MattermostError('unavailable', error instanceof Error ? error.message : String(error));
    throw new AccountStepFailed(failure, progress);
  }
}

/** The id an administrator linked (or an earlier renewal stored) wins over the address; a vanished id falls back to it. */
async function locateAccount(mattermost: MattermostPort, owner: AccountOwner): Promise<MattermostUser | null> {
  if (owner.mattermostUserId) {
    const linked = await mattermost.getUser(owner.mattermostUserId);
    if (linked) return linked;
  }
  return mattermost.findUserByEmail(owner.email);
}

async function createAccount(mattermost: MattermostPort, owner: AccountOwner, password: string | null): Promise<{ user: MattermostUser; created: boolean }> {
  const base = baseUsername(owner);
  const [firstName = '', ...rest] = (owner.name ?? '').trim().split(/\s+/);
  for (let attempt = 0; attempt < USERNAME_ATTEMPTS; attempt += 1) {
    try {
      const user = await mattermost.createUser({
        email: owner.email,
        username: usernameCandidate(base, attempt),
        password: password ?? unusablePassword(),
        // Mattermost's limit is 64 characters for each; mmetl splits the real name at its first space the same way.
        firstName: [...firstName].slice(0, 64).join(''),
        lastName: [...rest.join(' ')].slice(0, 64).join(''),
        locale: owner.locale,
      });
      return { user, created: true };
    } catch (error) {
      if (!(error instanceof MattermostError)) throw error;
      if (error.kind === 'duplicate-username') continue;
      if (error.kind === 'duplicate-email') {
        // Created meanwhile (another renewal, an administrator), or stored under another case: use it.
        const existing = await mattermost.findUserByEmail(owner.email);
        if (existing) return { user: existing, created: false };
      }
      throw error;
    }
  }
  throw new MattermostError('rejected', `every username from "${base}" to "${usernameCandidate(base, USERNAME_ATTEMPTS - 1)}" is taken`);
}

/**
 * Mattermost requires a password at creation. When the member chose none, the
 * account gets one nobody knows (192 random bits, plus one character of each
 * class so that any password policy accepts it); they set theirs through the reset mail.
 */
function unusablePassword(): string {
  return `${randomBytes(24).toString('base64url')}aA1!`;
}
