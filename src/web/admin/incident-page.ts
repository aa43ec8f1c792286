import type { AstroGlobal } from 'astro';
import type { ZodError } from 'zod';
import { createIncident, getIncident, incidentFormValues, incidentInputSchema, listIncidents, updateIncident, type Incident } from '../../core/privacy/incidents.ts';
import { adminIncidentPath } from '../../core/routes.ts';
import { readForm, requireAdmin } from '../auth/guards.ts';

/** The form's fields in page order: the error summary lists problems in the same order. */
export const INCIDENT_FIELDS = [
  'occurredOn',
  'occurredUntil',
  'discoveredOn',
  'description',
  'informationConcerned',
  'peopleConcerned',
  'peopleApproximate',
  'sensitivity',
  'anticipatedConsequences',
  'likelihood',
  'seriousRisk',
  'measuresTaken',
  'commissionNotifiedOn',
  'peopleNotifiedOn',
  'notNotifiedReason',
] as const;
export type IncidentField = (typeof INCIDENT_FIELDS)[number];

export interface IncidentFormView {
  values: Record<string, string>;
  /** A message key per field ("required", "date"…), the first problem of each. */
  errors: Partial<Record<IncidentField, string>>;
  incident: Incident | null;
  saved: boolean;
}

function fieldErrors(error: ZodError): Partial<Record<IncidentField, string>> {
  const errors: Partial<Record<IncidentField, string>> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0]) as IncidentField;
    errors[field] ??= issue.message;
  }
  return errors;
}

/** Only the register's fields come back into the form: nothing else a request carries is echoed. */
function formValues(form: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(INCIDENT_FIELDS.map((field) => [field, form[field] ?? '']));
}

export async function handleIncidentList(context: AstroGlobal) {
  const viewer = await requireAdmin(context);
  if (viewer instanceof Response) return viewer;
  return { incidents: await listIncidents(context.locals.runtime.database.db) };
}

/** A new incident: saved, it opens in its own page. */
export async function handleIncidentNew(context: AstroGlobal): Promise<IncidentFormView | Response> {
  const viewer = await requireAdmin(context);
  if (viewer instanceof Response) return viewer;
  const empty: IncidentFormView = { values: { seriousRisk: '' }, errors: {}, incident: null, saved: false };
  if (context.request.method !== 'POST') return empty;
  const form = await readForm(context.request);
  const parsed = incidentInputSchema.safeParse(form);
  if (!parsed.success) {
    context.response.status = 400;
    return { ...empty, values: formValues(form), errors: fieldErrors(parsed.error) };
  }
  const id = await createIncident(context.locals.runtime.database.db, { memberId: viewer.member.id }, parsed.data);
  return context.redirect(`${adminIncidentPath(context.locals.locale, id)}?saved=1`, 303);
}

export async function handleIncidentEdit(context: AstroGlobal): Promise<IncidentFormView | Response> {
  const viewer = await requireAdmin(context);
  if (viewer instanceof Response) return viewer;
  const db = context.locals.runtime.database.db;
  const id = /^\d{1,12}$/.test(context.params.id ?? '') ? Number(context.params.id) : NaN;
  const incident = Number.isSafeInteger(id) ? await getIncident(db, id) : undefined;
  if (!incident) return context.rewrite('/404');
  if (context.request.method !== 'POST') {
    return { values: incidentFormValues(incident), errors: {}, incident, saved: context.url.searchParams.get('saved') === '1' };
  }
  const form = await readForm(context.request);
  const parsed = incidentInputSchema.safeParse(form);
  if (!parsed.success) {
    context.response.status = 400;
    return { values: formValues(form), errors: fieldErrors(parsed.error), incident, saved: false };
  }
  await updateIncident(db, { memberId: viewer.member.id }, incident.id, parsed.data);
  return context.redirect(`${adminIncidentPath(context.locals.locale, incident.id)}?saved=1`, 303);
}
