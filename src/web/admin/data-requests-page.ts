import type { AstroGlobal } from 'astro';
import { z } from 'astro/zod';
import { DATA_REQUEST_KINDS } from '../../core/db/schema/data-requests.ts';
import { closeDataRequest, DataRequestError, listDataRequests, recordDataRequest } from '../../core/my-data/data-requests.ts';
import { readForm, requireAdmin } from '../auth/guards.ts';

export const adminRequestsPath = (locale: string) => `/${locale}/admin/requests`;

const recordForm = z.object({ receivedAt: z.iso.date(), kind: z.enum(DATA_REQUEST_KINDS), requester: z.string().trim().min(1).max(300) });
const closeForm = z.object({ id: z.string().min(1).max(100), note: z.string().trim().min(1).max(2000) });

/** The tracker of requests handled by hand: record one, close one with a note; both audited. */
export async function handleDataRequests(context: AstroGlobal) {
  const admin = await requireAdmin(context);
  if (admin instanceof Response) return admin;
  const { runtime, locale } = context.locals;
  const db = runtime.database.db;
  const actor = { memberId: admin.member.id };
  let error = false;
  if (context.request.method === 'POST') {
    const form = await readForm(context.request);
    try {
      if (form.intent === 'record') {
        const parsed = recordForm.safeParse(form);
        if (parsed.success) {
          await recordDataRequest(db, actor, { ...parsed.data, receivedAt: new Date(`${parsed.data.receivedAt}T12:00:00Z`) });
          return context.redirect(adminRequestsPath(locale), 303);
        }
      } else if (form.intent === 'close') {
        const parsed = closeForm.safeParse(form);
        if (parsed.success) {
          await closeDataRequest(db, actor, parsed.data.id, parsed.data.note);
          return context.redirect(adminRequestsPath(locale), 303);
        }
      }
    } catch (caught) {
      if (!(caught instanceof DataRequestError)) throw caught;
    }
    error = true;
    context.response.status = 400;
  }
  return { requests: await listDataRequests(db), kinds: DATA_REQUEST_KINDS, error };
}
