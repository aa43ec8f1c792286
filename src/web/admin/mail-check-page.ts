import type { AstroGlobal } from 'astro';
import { checkAndStoreDeliverability, checkedSender } from '../../core/mail/deliverability/from-config.ts';
import type { DeliverabilityReport } from '../../core/mail/deliverability/report.ts';
import { latestDeliverabilityReport } from '../../core/mail/deliverability/store.ts';
import { senderAddress, sendingDomain } from '../../core/mail/deliverability/run-check.ts';
import { route } from '../../core/routes.ts';
import { requireAdmin, readForm } from '../auth/guards.ts';

export interface MailCheckView {
  report: DeliverabilityReport | null;
  sender: { address: string; domain: string };
  /** No provider configured: the contact address stands in for the sender. */
  viaOutbox: boolean;
  hasAccountToken: boolean;
}

/**
 * The deliverability page: the latest stored check, and a button that runs a
 * new one (a POST, behind the same-origin check every form has) and comes
 * back here, so a reload never runs it twice.
 */
export async function handleMailCheckPage(context: AstroGlobal): Promise<Response | MailCheckView> {
  const viewer = await requireAdmin(context);
  if (viewer instanceof Response) return viewer;
  const { runtime, locale } = context.locals;
  const db = runtime.database.db;
  if (context.request.method === 'POST') {
    const form = await readForm(context.request);
    if (form.intent === 'check') await checkAndStoreDeliverability(db, runtime.config, viewer.member.id);
    return context.redirect(route('adminMail', locale), 303);
  }
  const sender = checkedSender(runtime.config);
  return {
    report: await latestDeliverabilityReport(db),
    sender: { address: senderAddress(sender), domain: sendingDomain(sender) },
    viaOutbox: !('from' in runtime.config.mail),
    hasAccountToken: runtime.config.deliverability.postmarkAccountToken !== null,
  };
}
