import type { AstroGlobal } from 'astro';
import { getMail, listMail } from '../../core/mail/outbox.ts';
import { listAudit, recordAudit } from '../../core/accounts/audit.ts';
import { readableMail } from '../../core/accounts/retention.ts';
import { requireAdmin } from '../auth/guards.ts';
import { listPage, parsePageParam } from '../../core/paging.ts';

const PAGE_SIZE = 50;

function pageOf(context: AstroGlobal): number {
  return parsePageParam(context.url.searchParams.get('page'));
}

export async function handleOutboxPage(context: AstroGlobal) {
  const viewer = await requireAdmin(context);
  if (viewer instanceof Response) return viewer;
  const page = pageOf(context);
  const recipient = context.url.searchParams.get('recipient')?.trim().toLowerCase().slice(0, 200) || undefined;
  const listed = await listPage(page, PAGE_SIZE, (at) => listMail(context.locals.runtime.database.db, { page: at, pageSize: PAGE_SIZE, recipient }));
  return { ...listed, recipient: recipient ?? '' };
}

export async function handleMailPage(context: AstroGlobal) {
  const viewer = await requireAdmin(context);
  if (viewer instanceof Response) return viewer;
  const db = context.locals.runtime.database.db;
  const stored = await getMail(db, context.params.id ?? '');
  if (!stored) return context.rewrite('/404');
  const mail = readableMail(stored);
  // Reading a member's live code is signing in as them: it leaves a trace.
  if (mail.template === 'sign-in' && mail.textBody !== null) {
    await recordAudit(db, { memberId: viewer.member.id }, 'member.sign-in-mail-read', mail.memberId, { mailId: mail.id });
  }
  return { mail };
}

export async function handleAuditPage(context: AstroGlobal) {
  const viewer = await requireAdmin(context);
  if (viewer instanceof Response) return viewer;
  const page = pageOf(context);
  return listPage(page, PAGE_SIZE, (at) => listAudit(context.locals.runtime.database.db, at, PAGE_SIZE));
}
