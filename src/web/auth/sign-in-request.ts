import type { AstroGlobal } from 'astro';
import { z } from 'zod';
import { requestSignIn, safeNextPath, SIGN_IN_TTL_MS } from '../../core/accounts/sign-in.ts';
import { clientIp } from '../client-ip.ts';
import { route } from '../../core/routes.ts';
import { PENDING_SIGN_IN_COOKIE } from '../session-cookie.ts';
import { rateLimitedView, readForm } from './guards.ts';
import { signInDeps } from './sign-in-deps.ts';

const formSchema = z.object({ email: z.string().trim().toLowerCase().pipe(z.email()), next: z.string().optional() });

/** Members and strangers wait about as long: the time an answer takes says nothing either. */
const MINIMUM_ANSWER_MS = 600;

export type SignInRequestView = { email: string; next: string | null; invalid: boolean } | { retryAt: Date };

export async function handleSignInRequest(context: AstroGlobal): Promise<Response | SignInRequestView> {
  const next = safeNextPath(context.url.searchParams.get('next'));
  if (context.request.method !== 'POST') return { email: '', next, invalid: false };
  const started = Date.now();
  const form = await readForm(context.request);
  const parsed = formSchema.safeParse(form);
  if (!parsed.success) {
    context.response.status = 400;
    return { email: form.email ?? '', next: safeNextPath(form.next), invalid: true };
  }
  const { runtime, locale } = context.locals;
  const outcome = await requestSignIn(signInDeps(runtime), {
    email: parsed.data.email,
    locale,
    ip: clientIp(context.request, context.clientAddress, runtime.config.trustProxy),
    next: parsed.data.next,
  });
  // A member's mail goes to the provider meanwhile (its outcome is recorded, never shown here): the answer
  // waits for the fixed time only, so neither a slow nor a refusing provider tells members from strangers.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, MINIMUM_ANSWER_MS - (Date.now() - started))));
  if (outcome.kind === 'rate-limited') return rateLimitedView(context, outcome.retryAt);
  context.cookies.set(PENDING_SIGN_IN_COOKIE, outcome.challengeId, {
    httpOnly: true,
    secure: runtime.config.publicUrl.startsWith('https://'),
    sameSite: 'lax',
    path: '/',
    maxAge: SIGN_IN_TTL_MS / 1000,
  });
  return context.redirect(route('signInCode', locale), 303);
}
