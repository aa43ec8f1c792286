import type { AstroGlobal } from 'astro';
import { verifySignInCode } from '../../core/accounts/sign-in.ts';
import type { ProviderTrouble } from '../../core/mail/mail-trouble.ts';
import { route } from '../../core/routes.ts';
import { PENDING_SIGN_IN_COOKIE } from '../session-cookie.ts';
import { rateLimitedView, readForm } from './guards.ts';
import { startSession } from './start-session.ts';

export type SignInCodeView = { invalid: boolean; problem: ProviderTrouble | null } | { retryAt: Date };

export async function handleSignInCode(context: AstroGlobal): Promise<Response | SignInCodeView> {
  const { runtime, locale } = context.locals;
  const challengeId = context.cookies.get(PENDING_SIGN_IN_COOKIE)?.value;
  if (!challengeId) return context.redirect(route('signIn', locale), 303);
  if (context.request.method !== 'POST') return { invalid: false, problem: await runtime.mailTrouble() };
  const form = await readForm(context.request);
  const outcome = await verifySignInCode(runtime.database.db, challengeId, form.code ?? '');
  if (outcome.kind === 'rate-limited') return rateLimitedView(context, outcome.retryAt);
  if (outcome.kind === 'invalid') {
    context.response.status = 400;
    return { invalid: true, problem: null };
  }
  return startSession(context, outcome.member, outcome.next);
}
