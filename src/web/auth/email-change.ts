import type { AstroGlobal } from 'astro';
import { confirmEmailChange, type EmailChangeDeps } from '../../core/accounts/rectify.ts';
import { route } from '../../core/routes.ts';
import { readForm } from './guards.ts';

export function emailChangeDeps(context: AstroGlobal): EmailChangeDeps {
  const { runtime } = context.locals;
  const { config } = runtime;
  return {
    db: runtime.database.db,
    mail: runtime.mail,
    publicUrl: config.publicUrl,
    communityName: config.communityName,
    contactEmail: config.contactEmail,
    confirmPath: (locale) => route('emailChange', locale),
  };
}

export interface EmailChangeView {
  token: string;
  outcome: 'ask' | 'changed' | 'invalid';
}

/** As for sign-in links: mail scanners open links, so the GET shows a button and only its POST changes the address. */
export async function handleEmailChange(context: AstroGlobal): Promise<EmailChangeView> {
  if (context.request.method !== 'POST') return { token: context.url.searchParams.get('token') ?? '', outcome: 'ask' };
  const form = await readForm(context.request);
  const result = await confirmEmailChange(emailChangeDeps(context), form.token ?? '');
  if (result.status !== 'changed') context.response.status = 400;
  return { token: '', outcome: result.status };
}
