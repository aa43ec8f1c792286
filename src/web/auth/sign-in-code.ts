import type { AstroGlobal } from 'astro';
import { verifySignInCode } from '../../core/accounts/sign-in.ts';
import type { DeliveryErrorKind } from '../../core/mail/port.ts';
import { route } from '../../core/routes.ts';
import { PENDING_SIGN_IN_COOKIE } from '../session-cookie.ts';
import { rateLimitedView, readForm } from './guards.ts';
import { startSession } from './start-session.ts';

const DELIVERY_PROBLEMS: readonly DeliveryErrorKind[] = ['inactive-recipient', 'invalid-address', 'rate-limited', 'unavailable', 'rejected', 'misconfigured'];

export type SignInCodeView = { invalid: boolean; problem: DeliveryErrorKind | null } | { retryAt: Date };

export async function handleSignInCode(context: AstroGlobal): Promise<Response | SignInCodeView> {
  const { runtime, locale } = context.locals;
  const challengeId = context.cookies.get(PENDING_SIGN_IN_COOKIE)?.value;
  if (!challengeId) return context.redirect(route('signIn', locale), 303);
  const problemParam = context.url.searchParams.get('problem');
  const problem = DELIVERY_PROBLEMS.find((kind) => kind === problemParam) ?? null;
  if (context.request.method !== 'POST') return { invalid: false, problem };
  const form = await readForm(context.request);
  const outcome = await verifySignInCode(runtime.database.db, challengeId, form.code ?? '');
  if (outcome.kind === 'rate-limited') return rateLimitedView(context, outcome.retryAt);
  if (outcome.kind === 'invalid') {
    context.response.status = 400;
    return { invalid: true, problem: null };
  }
  return startSession(context, outcome.member, outcome.next);
}
