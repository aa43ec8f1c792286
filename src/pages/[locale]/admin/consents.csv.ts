import type { APIRoute } from 'astro';
import { recordAudit } from '../../../core/accounts/audit.ts';
import { exportConsentRegisterCsv } from '../../../core/accounts/consents.ts';

/**
 * The consent register as CSV, for administrators only (anyone else gets the
 * admin area's 404). Each download is in the audit log: it lists every member's choices.
 */
export const GET: APIRoute = async (context) => {
  const { viewer, runtime } = context.locals;
  if (viewer?.member.role !== 'admin') return context.rewrite('/404');
  const db = runtime.database.db;
  const csv = await exportConsentRegisterCsv(db);
  await recordAudit(db, { memberId: viewer.member.id }, 'consents.exported', null);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="consent-register-${day}.csv"`,
      'cache-control': 'no-store',
    },
  });
};
