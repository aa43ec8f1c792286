import type { AstroGlobal } from 'astro';
import { getMember, MemberError, type Member } from '../../core/accounts/members.ts';
import { needsRenewal } from '../../core/accounts/renewal.ts';
import {
  issueRescueRenewalLink,
  mailRescueNotice,
  printRescueNotice,
  reactivateSuppressedAddress,
  readBackMessage,
  renewOnBehalf,
  RescueError,
  type ReadBack,
} from '../../core/accounts/rescue.ts';
import type { MessageKey } from '../../core/i18n/index.ts';
import { memberMailTimeline, type MemberTimeline } from '../../core/mail/timeline/member-timeline.ts';
import { adminMemberMailPath } from '../../core/routes.ts';
import { readForm, requireAdmin } from '../auth/guards.ts';
import { renewalDeps } from '../renewal/renewal-page.ts';
import { noticeDeps, sentMessageReader, suppressionStreams } from './rescue-deps.ts';

/** What a finished step says after its redirect (a reload does not repeat it). */
const DONE: Record<string, MessageKey> = {
  renewed: 'admin.rescue.renewed',
  'notice-sent': 'admin.rescue.noticeSent',
  'notice-failed': 'admin.rescue.noticeFailed',
  reactivated: 'admin.rescue.reactivated',
  'reactivate-refused': 'admin.rescue.reactivateRefused',
};

export interface MemberMailView {
  member: Member;
  timeline: MemberTimeline;
  quarantineHours: number;
  /** Read-back and reactivation need Postmark; without it the page says so. */
  postmark: boolean;
  streams: string[];
  needsRenewal: boolean;
  error: string | null;
  done: MessageKey | null;
  readBack: (ReadBack & { providerMessageId: string }) | null;
  /** Shown once, right after it was made. */
  renewalLink: { link: string; expiresAt: Date } | null;
  printable: { locale: Member['locale']; subject: string; lines: string[] } | null;
}

/**
 * `/fr/admin/members/<id>/mail`: the member's mail timeline and the rescue
 * steps, each a POST (behind the middleware's same-origin check) with a
 * required reason. Steps that change something redirect back with `done`;
 * what is shown once (a read-back, a link, a printable notice) is the POST's own answer.
 */
export async function handleMemberMailPage(context: AstroGlobal): Promise<Response | MemberMailView> {
  const viewer = await requireAdmin(context);
  if (viewer instanceof Response) return viewer;
  const { runtime, locale, t } = context.locals;
  const db = runtime.database.db;
  const actor = { memberId: viewer.member.id };
  const found = await getMember(db, context.params.id ?? '');
  if (!found) return context.rewrite('/404');
  const reader = sentMessageReader(runtime.config);
  const here = adminMemberMailPath(locale, found.id);
  let error: string | null = null;
  let readBack: MemberMailView['readBack'] = null;
  let renewalLink: MemberMailView['renewalLink'] = null;
  let printable: MemberMailView['printable'] = null;

  if (context.request.method === 'POST') {
    const form = await readForm(context.request);
    const back = (done: string) => context.redirect(`${here}?done=${done}`, 303);
    try {
      switch (form.intent) {
        case 'read-back': {
          const providerMessageId = form.messageId ?? '';
          readBack = { ...(await readBackMessage({ db, reader, log: runtime.log }, actor, found.id, providerMessageId, form.reason)), providerMessageId };
          break;
        }
        case 'renewal-link': {
          const issued = await issueRescueRenewalLink(db, actor, found.id, form.reason, { days: runtime.config.renewalLinkDays });
          renewalLink = { link: `${runtime.config.publicUrl}${issued.path}`, expiresAt: issued.expiresAt };
          break;
        }
        case 'renew': {
          const outcome = await renewOnBehalf(renewalDeps(runtime), actor, found.id, form.reason);
          if (outcome.kind !== 'renewed') throw new Error(`renewal on behalf ended with ${outcome.kind}`);
          return back('renewed');
        }
        case 'notice-mail': {
          const result = await mailRescueNotice(noticeDeps(runtime), actor, found.id, form.address, form.reason);
          return back(result.status === 'failed' ? 'notice-failed' : 'notice-sent');
        }
        case 'notice-print':
          printable = await printRescueNotice(noticeDeps(runtime), actor, found.id, form.reason);
          break;
        case 'reactivate': {
          const stream = suppressionStreams(runtime.config).find((candidate) => candidate === form.stream);
          if (!stream) {
            context.response.status = 400;
            error = t('admin.rescue.needsPostmark');
            break;
          }
          const outcome = await reactivateSuppressedAddress({ db, reader }, actor, found.id, stream, form.reason);
          return back(outcome === 'reactivated' ? 'reactivated' : 'reactivate-refused');
        }
        default:
          context.response.status = 400;
      }
    } catch (problem) {
      if (problem instanceof RescueError) error = t(`admin.rescue.problem.${problem.problem}`);
      else if (problem instanceof MemberError) error = problem.message;
      else throw problem;
      context.response.status = 400;
    }
  }
  const member = (await getMember(db, found.id))!;
  const quarantineHours = runtime.config.mailQuarantineHours;
  const doneKey = context.request.method === 'GET' ? DONE[context.url.searchParams.get('done') ?? ''] : undefined;
  return {
    member,
    timeline: await memberMailTimeline(db, member, { now: new Date(), quarantineHours }),
    quarantineHours,
    postmark: reader !== null,
    streams: suppressionStreams(runtime.config),
    needsRenewal: needsRenewal(member),
    error,
    done: doneKey ?? null,
    readBack,
    renewalLink,
    printable,
  };
}
