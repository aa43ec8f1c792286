import type { AstroGlobal } from 'astro';
import { consumeSignInLink, isSignInLinkUsable } from '../../core/accounts/sign-in.ts';
import { readForm } from './guards.ts';
import { startSession } from './start-session.ts';

export interface SignInLinkView {
  token: string;
  usable: boolean;
}

/**
 * Mail scanners open links before people do: the GET only shows a button,
 * and only the button's POST signs anyone in.
 */
export async function handleSignInLink(context: AstroGlobal): Promise<Response | SignInLinkView> {
  const { runtime } = context.locals;
  if (context.request.method !== 'POST') {
    const token = context.url.searchParams.get('token') ?? '';
    return { token, usable: token !== '' && (await isSignInLinkUsable(runtime.database.db, token)) };
  }
  const form = await readForm(context.request);
  const outcome = await consumeSignInLink(runtime.database.db, form.token ?? '');
  if (outcome.kind !== 'signed-in') {
    context.response.status = 400;
    return { token: '', usable: false };
  }
  return startSession(context, outcome.member, outcome.next);
}
