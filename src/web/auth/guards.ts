import type { AstroGlobal } from 'astro';
import type { ValidSession } from '../../core/accounts/sessions.ts';
import { route } from '../../core/routes.ts';

/** Visitors go to sign in and come back to the page they asked for. */
export function requireViewer(context: AstroGlobal): ValidSession | Response {
  const { viewer, locale } = context.locals;
  if (viewer) return viewer;
  const next = context.url.pathname + context.url.search;
  return context.redirect(`${route('signIn', locale)}?next=${encodeURIComponent(next)}`, 303);
}

/** The admin area does not exist for anyone else: the same 404 as a page that is not there. */
export async function requireAdmin(context: AstroGlobal): Promise<ValidSession | Response> {
  const { viewer } = context.locals;
  if (viewer?.member.role === 'admin') return viewer;
  return context.rewrite('/404');
}

/** The 429 answer: the status, a Retry-After header, and the time to show the reader. */
export function rateLimitedView(context: AstroGlobal, retryAt: Date): { retryAt: Date } {
  context.response.status = 429;
  context.response.headers.set('retry-after', String(Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 1000))));
  return { retryAt };
}

/** Form fields as strings; files and missing fields become undefined. */
export async function readForm(request: Request): Promise<Record<string, string | undefined>> {
  try {
    const form = await request.formData();
    const values: Record<string, string | undefined> = {};
    for (const [key, value] of form) if (typeof value === 'string') values[key] = value;
    return values;
  } catch {
    return {};
  }
}
