import type { AstroGlobal } from 'astro';
import { getTransferAssessment, recordTransferAssessment, transferAssessmentSchema } from '../../core/privacy/transfer-assessment.ts';
import { route } from '../../core/routes.ts';
import { readForm, requireAdmin } from '../auth/guards.ts';

/** The admin's privacy page: records the date of the s. 17 assessment; shows the policy Passerelle enforces. */
export async function handlePrivacyPage(context: AstroGlobal) {
  const viewer = await requireAdmin(context);
  if (viewer instanceof Response) return viewer;
  const db = context.locals.runtime.database.db;
  let error: string | null = null;
  let submitted = '';
  if (context.request.method === 'POST') {
    const form = await readForm(context.request);
    submitted = (form.assessedOn ?? '').slice(0, 20);
    const parsed = transferAssessmentSchema.safeParse(form);
    if (parsed.success) {
      await recordTransferAssessment(db, { memberId: viewer.member.id }, parsed.data.assessedOn);
      return context.redirect(`${route('adminPrivacy', context.locals.locale)}?saved=1`, 303);
    }
    error = 'date';
    context.response.status = 400;
  }
  const assessment = await getTransferAssessment(db);
  return { assessment, error, submitted: submitted || assessment?.assessedOn || '', saved: context.url.searchParams.get('saved') === '1' };
}
