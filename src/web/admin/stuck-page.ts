import type { AstroGlobal } from 'astro';
import { listStuckMembers, MAX_STUCK_PAGE, type StuckPage } from '../../core/mail/timeline/stuck-members.ts';
import { requireAdmin } from '../auth/guards.ts';
import { organisationOf } from './rescue-deps.ts';

/** `/fr/admin/bloques`: invited members who have not renewed, grouped by receiver, most urgent first. */
export async function handleStuckPage(context: AstroGlobal): Promise<Response | StuckPage> {
  const viewer = await requireAdmin(context);
  if (viewer instanceof Response) return viewer;
  const { runtime } = context.locals;
  const asked = Number.parseInt(context.url.searchParams.get('page') ?? '1', 10);
  const page = Math.min(Math.max(1, Number.isFinite(asked) ? asked : 1), MAX_STUCK_PAGE);
  return listStuckMembers(runtime.database.db, { page, now: new Date(), quarantineHours: runtime.config.mailQuarantineHours, organisationOf: organisationOf(runtime.config) });
}
