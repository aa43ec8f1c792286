import type { AstroGlobal } from 'astro';
import { issueOperatorSignInLink, reinviteMember } from '../../core/accounts/sign-in.ts';
import { getMember, linkSlackPerson, MemberError, setMemberEnabled, setMemberRole, type Member } from '../../core/accounts/members.ts';
import { requireAdmin, readForm } from '../auth/guards.ts';
import { signInDeps } from '../auth/sign-in-deps.ts';
import { adminMemberPath } from '../../core/routes.ts';
import { issueOperatorRenewalLink } from '../../core/accounts/renewal-links.ts';
import { memberProblemText } from './problem-text.ts';
import { searchSlackPeople, type SlackPersonChoice } from '../../core/accounts/slack-people-search.ts';

export interface MemberView {
  member: Member;
  isSelf: boolean;
  error: string | null;
  /** Shown once, right after an administrator asked for it. */
  rescueLink: { link: string; expiresAt: Date } | null;
  /** A fresh sign-in email went out (the same action as on the members list), or when one may go again. */
  reinvited: boolean;
  reinviteRetryAt: Date | null;
  /** Likewise for a renewal link. */
  renewalLink: { link: string; expiresAt: Date } | null;
  /** The Slack person the member is linked to, by name. */
  linkedPerson: SlackPersonChoice | null;
  /** The administrator's search for a Slack person to link, and what it found. */
  personQuery: string;
  personChoices: SlackPersonChoice[];
}

export async function handleMemberPage(context: AstroGlobal): Promise<Response | MemberView> {
  const viewer = await requireAdmin(context);
  if (viewer instanceof Response) return viewer;
  const { runtime, locale } = context.locals;
  const db = runtime.database.db;
  const actor = { memberId: viewer.member.id };
  const member = await getMember(db, context.params.id ?? '');
  if (!member) return context.rewrite('/404');
  let error: string | null = null;
  let rescueLink: MemberView['rescueLink'] = null;
  let renewalLink: MemberView['renewalLink'] = null;
  let reinvited = false;
  let reinviteRetryAt: Date | null = null;

  if (context.request.method === 'POST') {
    const form = await readForm(context.request);
    try {
      switch (form.intent) {
        case 'disable':
        case 'enable':
          await setMemberEnabled(db, actor, member.id, form.intent === 'enable');
          break;
        case 'make-admin':
        case 'remove-admin':
          await setMemberRole(db, actor, member.id, form.intent === 'make-admin' ? 'admin' : 'member');
          break;
        case 'link-slack':
          await linkSlackPerson(db, actor, member.id, form.slackPersonId?.trim() || null);
          break;
        case 'rescue-link':
          rescueLink = await issueOperatorSignInLink(signInDeps(runtime), actor, member.email);
          break;
        case 'reinvite': {
          const outcome = await reinviteMember(signInDeps(runtime), actor, member.id);
          if (outcome.kind === 'rate-limited') {
            reinviteRetryAt = outcome.retryAt;
            context.response.status = 429;
          } else reinvited = true;
          break;
        }
        case 'renewal-link': {
          const issued = await issueOperatorRenewalLink(db, actor, member.email, { days: runtime.config.renewalLinkDays });
          renewalLink = { link: `${runtime.config.publicUrl}${issued.path}`, expiresAt: issued.expiresAt };
          break;
        }
      }
    } catch (problem) {
      if (!(problem instanceof MemberError)) throw problem;
      error = memberProblemText(problem, context.locals.t);
      context.response.status = 400;
    }
    if (!error && !rescueLink && !renewalLink && !reinvited && !reinviteRetryAt) return context.redirect(adminMemberPath(locale, member.id), 303);
  }
  const current = (await getMember(db, member.id))!;
  const personQuery = context.url.searchParams.get('person')?.trim().slice(0, 100) ?? '';
  const personChoices = personQuery ? await searchSlackPeople(db, personQuery) : [];
  const linkedPerson = current.slackPersonId ? ((await searchSlackPeople(db, current.slackPersonId, 1))[0] ?? null) : null;
  return {
    member: current,
    isSelf: current.id === viewer.member.id,
    error,
    rescueLink,
    renewalLink,
    reinvited,
    reinviteRetryAt,
    linkedPerson,
    personQuery,
    personChoices,
  };
}
