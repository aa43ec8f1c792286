import type { APIRoute } from 'astro';
import { recordAudit } from '../../../core/accounts/audit.ts';
import { exportIncidentRegisterCsv } from '../../../core/privacy/incident-csv.ts';

/**
 * The incident register as CSV, for administrators only (anyone else gets the
 * admin area's 404). Each download is in the audit log: the register describes people's information.
 */
export const GET: APIRoute = async (context) => {
  const { viewer, runtime } = context.locals;
  if (viewer?.member.role !== 'admin') return context.rewrite('/404');
  const db = runtime.database.db;
  const csv = await exportIncidentRegisterCsv(db);
  await recordAudit(db, { memberId: viewer.member.id }, 'incident.register-exported', null);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="incident-register-${day}.csv"`,
      'cache-control': 'no-store',
    },
  });
};
