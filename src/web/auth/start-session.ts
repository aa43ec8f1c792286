import type { AstroGlobal } from 'astro';
import { createSession, describeDevice } from '../../core/accounts/sessions.ts';
import type { Member } from '../../core/accounts/members.ts';
import { safeNextPath } from '../../core/accounts/sign-in.ts';
import { route } from '../../core/routes.ts';
import { PENDING_SIGN_IN_COOKIE, setSessionCookie } from '../session-cookie.ts';

/** A fresh session for a member who proved their address, then on to where they were going, or to the archive. */
export async function startSession(context: AstroGlobal, member: Member, next: string | null): Promise<Response> {
  const { runtime } = context.locals;
  const { token, session } = await createSession(runtime.database.db, member.id, describeDevice(context.request.headers.get('user-agent')));
  setSessionCookie(context.cookies, runtime.config, token, session.expiresAt);
  context.cookies.delete(PENDING_SIGN_IN_COOKIE, { path: '/' });
  runtime.log.info({ member: member.id }, 'member signed in');
  return context.redirect(safeNextPath(next) ?? route('archive', member.locale), 303);
}
