import type { AstroGlobal } from 'astro';
import { z } from 'zod';
import { importMembersCsv, UnreadableCsvError, type MemberImportReport } from '../../core/accounts/import-members.ts';
import { addMember, getMember, listMembers, MEMBER_STATUSES, MemberError, RENEWAL_STATES, type Member, type RenewalState } from '../../core/accounts/members.ts';
import { reinviteMember } from '../../core/accounts/sign-in.ts';
import { signInDeps } from '../auth/sign-in-deps.ts';
import { memberProblemText } from './problem-text.ts';
import { recordAudit } from '../../core/accounts/audit.ts';
import { queuedAccountChanges, retryQueuedAccountChanges, type QueuedAccountChange, type RetryResult } from '../../core/mattermost/follow-renewal.ts';
import { requireAdmin } from '../auth/guards.ts';
import { adminMemberPath } from '../../core/routes.ts';
import { listPage, parsePageParam } from '../../core/paging.ts';

const PAGE_SIZE = 50;
const newMemberSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  name: z.string().trim().max(200).optional(),
  locale: z.enum(['fr', 'en']).default('fr'),
  admin: z.literal('on').optional(),
});

export interface MembersView {
  members: Member[];
  total: number;
  page: number;
  pages: number;
  query: string;
  /** The renewal filter, when one is chosen. */
  renewal: RenewalState | null;
  /** The state filter (invited, active, disabled), when one is chosen. */
  status: Member['status'] | null;
  /** After a re-invitation: to whom it went, or until when it is refused. */
  reinvited: { email: string } | null;
  reinviteRetryAt: Date | null;
  error: string | null;
  imported: MemberImportReport | null;
  /** Mattermost account changes waiting for Mattermost; retried from here when the API is configured. */
  queue: QueuedAccountChange[];
  canRetry: boolean;
  retried: Record<RetryResult['status'], number> | null;
}

/** How a replay went, counted: the queue below shows what still waits and why. */
function countResults(results: RetryResult[]): Record<RetryResult['status'], number> {
  const counts = { done: 0, queued: 0, 'not-tried': 0, dropped: 0 };
  for (const result of results) counts[result.status] += 1;
  return counts;
}

export async function handleMembersPage(context: AstroGlobal): Promise<Response | MembersView> {
  const viewer = await requireAdmin(context);
  if (viewer instanceof Response) return viewer;
  const { runtime, locale, t } = context.locals;
  const db = runtime.database.db;
  const actor = { memberId: viewer.member.id };
  let error: string | null = null;
  let imported: MemberImportReport | null = null;
  let retried: MembersView['retried'] = null;
  let reinvited: MembersView['reinvited'] = null;
  let reinviteRetryAt: Date | null = null;

  if (context.request.method === 'POST') {
    const form = await context.request.formData().catch(() => new FormData());
    if (form.get('intent') === 'add') {
      const parsed = newMemberSchema.safeParse(Object.fromEntries([...form].filter(([, value]) => typeof value === 'string')));
      if (!parsed.success) error = t('admin.members.invalidEmail');
      else {
        try {
          const member = await addMember(db, actor, { ...parsed.data, role: parsed.data.admin ? 'admin' : 'member' });
          return context.redirect(adminMemberPath(locale, member.id), 303);
        } catch (problem) {
          if (!(problem instanceof MemberError)) throw problem;
          error = t('admin.members.alreadyMember');
        }
      }
    } else if (form.get('intent') === 'import') {
      const file = form.get('file');
      if (!(file instanceof File) || file.size === 0) error = t('admin.members.noFile');
      else if (file.size > 2 * 1024 * 1024) error = t('admin.members.fileTooLarge');
      else {
        try {
          imported = await importMembersCsv(db, actor, await file.text());
        } catch (problem) {
          if (!(problem instanceof UnreadableCsvError)) throw problem;
          error = t('admin.members.unreadableCsv');
        }
      }
    } else if (form.get('intent') === 'reinvite') {
      try {
        const outcome = await reinviteMember(signInDeps(runtime), actor, String(form.get('memberId') ?? ''));
        if (outcome.kind === 'rate-limited') {
          reinviteRetryAt = outcome.retryAt;
          context.response.status = 429;
        } else {
          reinvited = { email: (await getMember(db, String(form.get('memberId'))))!.email };
        }
      } catch (problem) {
        if (!(problem instanceof MemberError)) throw problem;
        error = memberProblemText(problem, t);
      }
    } else if (form.get('intent') === 'mattermost-retry') {
      if (!runtime.mattermost) error = t('admin.mattermostQueue.notConfigured');
      else {
        const results = await retryQueuedAccountChanges({ db, mattermost: runtime.mattermost, log: runtime.log, actor });
        retried = countResults(results);
        await recordAudit(db, actor, 'mattermost.retry-requested', null, retried);
      }
    }
    if (error && !reinviteRetryAt) context.response.status = 400;
  }

  const query = context.url.searchParams.get('q')?.slice(0, 200) ?? '';
  const page = parsePageParam(context.url.searchParams.get('page'));
  const asked = context.url.searchParams.get('renewal');
  const renewal = (RENEWAL_STATES as readonly string[]).includes(asked ?? '') ? (asked as RenewalState) : null;
  const askedStatus = context.url.searchParams.get('status');
  const status = (MEMBER_STATUSES as readonly string[]).includes(askedStatus ?? '') ? (askedStatus as Member['status']) : null;
  const listed = await listPage(page, PAGE_SIZE, (at) =>
    listMembers(db, { page: at, pageSize: PAGE_SIZE, query, renewal: renewal ?? undefined, status: status ?? undefined }),
  );
  const queue = await queuedAccountChanges(db);
  return { members: listed.items, total: listed.total, page: listed.page, pages: listed.pages, query, renewal, status, reinvited, reinviteRetryAt, error, imported, queue, canRetry: runtime.mattermost !== null, retried };
}
