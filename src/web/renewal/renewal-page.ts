import type { AstroGlobal } from 'astro';
import { consentPurpose, currentConsents, defaultChoices } from '../../core/accounts/consents.ts';
import { markSignedIn } from '../../core/accounts/members.ts';
import { completeRenewal, needsRenewal, type RenewalDeps } from '../../core/accounts/renewal.ts';
import { consumeRenewalLink, peekRenewalLink } from '../../core/accounts/renewal-links.ts';
import { route } from '../../core/routes.ts';
import type { MessageKey } from '../../core/i18n/index.ts';
import { MATTERMOST_NOTES, type MattermostNote } from '../../core/mail/templates/renewal-confirmed.ts';
import type { Runtime } from '../runtime.ts';
import { readForm, requireViewer } from '../auth/guards.ts';
import { startSession } from '../auth/start-session.ts';
import { parseRenewalForm, type RenewalFormValues } from './renewal-form.ts';

/** What the page says after a renewal, about Mattermost; carried in the address so a reload re-sends nothing. */
const RESULTS = MATTERMOST_NOTES;
type RenewalResult = MattermostNote;
export const RESULT_MESSAGES: Record<RenewalResult, MessageKey> = {
  done: 'renewal.result.done',
  'reset-mail': 'renewal.result.resetMail',
  sso: 'renewal.result.sso',
  queued: 'renewal.result.queued',
  'queued-reset-mail': 'renewal.result.queuedResetMail',
  'queued-password-set': 'renewal.result.queuedPasswordSet',
  direct: 'renewal.result.direct',
};

const RULE_MESSAGES = {
  'min-length': 'renewal.rule.minLength',
  'max-length': 'renewal.rule.maxLength',
  'character-classes': 'renewal.rule.characterClasses',
  other: 'renewal.rule.other',
} as const satisfies Record<string, MessageKey>;

export type RenewalView =
  | { kind: 'invitation'; token: string; name: string | null; email: string }
  /** Unknown, forged, used, expired or replaced: one page for all. */
  | { kind: 'unusable' }
  | { kind: 'form'; values: RenewalFormValues; askPassword: boolean; error: string | null }
  | { kind: 'renewed'; renewedAt: Date; result: RenewalResult | null };

export function renewalDeps(runtime: Runtime): RenewalDeps {
  return {
    db: runtime.database.db,
    mail: runtime.mail,
    search: runtime.search,
    follower: runtime.follower,
    log: runtime.log,
    communityName: runtime.config.communityName,
    contactEmail: runtime.config.contactEmail,
    publicUrl: runtime.config.publicUrl,
    accountPath: (locale) => route('account', locale),
  };
}

/**
 * `/fr/renouvellement?token=…`: who the invitation is for and a button (a GET
 * never consumes the token: mail scanners open links). The button's POST signs
 * the member in and brings them back here, to the form; the form's POST renews.
 */
export async function handleRenewal(context: AstroGlobal): Promise<Response | RenewalView> {
  const { runtime, locale, t } = context.locals;
  const db = runtime.database.db;
  const token = context.url.searchParams.get('token');

  if (context.request.method === 'POST') {
    const form = await readForm(context.request);
    if (form.intent === 'open') {
      const member = await consumeRenewalLink(db, form.token ?? '');
      if (!member) {
        context.response.status = 400;
        return { kind: 'unusable' };
      }
      await markSignedIn(db, member);
      return startSession(context, member, route('renewal', member.locale));
    }
    const viewer = requireViewer(context);
    if (viewer instanceof Response) return viewer;
    if (!needsRenewal(viewer.member)) return context.redirect(route('renewal', locale), 303);
    const askPassword = runtime.follower.enabled;
    const parsed = parseRenewalForm(form, askPassword);
    const fail = (message: string): RenewalView => {
      context.response.status = 400;
      return { kind: 'form', values: parsed.values, askPassword, error: message };
    };
    if (!parsed.ok) return fail(t('renewal.invalid', { problem: t(parsed.problem === 'name' ? 'renewal.problem.name' : 'renewal.problem.password') }));
    const outcome = await completeRenewal(renewalDeps(runtime), viewer.member.id, {
      name: parsed.values.name || null,
      locale: parsed.values.locale,
      timeZone: parsed.values.timeZone || null,
      choices: parsed.values.choices,
      password: askPassword ? parsed.password : null,
    });
    if (outcome.kind === 'invalid') return fail(t('renewal.invalid', { problem: t('renewal.problem.timeZone') }));
    if (outcome.kind === 'password-rejected') return fail(t('renewal.rejected', { rule: t(RULE_MESSAGES[outcome.rule]) }));
    return context.redirect(`${route('renewal', parsed.values.locale)}?result=${outcome.note}`, 303);
  }

  if (token !== null) {
    const member = await peekRenewalLink(db, token);
    return member ? { kind: 'invitation', token, name: member.name, email: member.email } : { kind: 'unusable' };
  }
  const viewer = requireViewer(context);
  if (viewer instanceof Response) return viewer;
  const member = viewer.member;
  if (!needsRenewal(member)) {
    const result = context.url.searchParams.get('result');
    return { kind: 'renewed', renewedAt: member.renewedAt ?? new Date(), result: (RESULTS as readonly string[]).includes(result ?? '') ? (result as RenewalResult) : null };
  }
  const current = await currentConsents(db, member.id);
  const choices = defaultChoices();
  // A member who already chose (on their account page) finds their choices; anyone else finds every box unticked.
  for (const [id, choice] of Object.entries(current) as [keyof typeof current, { granted: boolean }][]) if (!consentPurpose(id).required) choices[id] = choice.granted;
  return {
    kind: 'form',
    values: { name: member.name ?? '', locale: member.locale, timeZone: member.timeZone ?? '', choices, passwordChoice: 'later' },
    askPassword: runtime.follower.enabled,
    error: null,
  };
}
