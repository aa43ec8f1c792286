import { z } from 'zod';
import { emailsFromCsv, type Audience } from '../../core/campaigns/audience.ts';
import { newCampaignSchema, type NewCampaign } from '../../core/campaigns/campaigns.ts';
import { templateProblems } from '../../core/campaigns/compose.ts';
import { DEFAULT_PLAN } from '../../core/campaigns/warm-up-plan.ts';
import type { MessageKey, Translate } from '../../core/i18n/index.ts';

export const AUDIENCE_KINDS = ['not-renewed', 'filters', 'list'] as const;
export type AudienceKind = (typeof AUDIENCE_KINDS)[number];
/** Disabled members are never invited, so the form does not offer them. */
export const AUDIENCE_STATUSES = ['invited', 'active'] as const;

/** What the administrator typed, kept as typed so a refused form comes back filled. */
export interface CampaignFormValues {
  formId: string;
  name: string;
  audienceKind: AudienceKind;
  statuses: string[];
  domains: string;
  locales: string[];
  csv: string;
  subjectFr: string;
  bodyFr: string;
  subjectEn: string;
  bodyEn: string;
  stream: string;
  firstWave: string;
  growth: string;
  dailyCap: string;
  organisationHourlyCap: string;
  reminderAfterDays: string;
}

export type CampaignField = Exclude<keyof CampaignFormValues, 'formId' | 'statuses' | 'locales'> | 'audience';
export type FieldErrors = Partial<Record<CampaignField, string>>;

export function emptyCampaignForm(formId: string, stream: string): CampaignFormValues {
  return {
    formId,
    name: '',
    audienceKind: 'not-renewed',
    statuses: [],
    domains: '',
    locales: [],
    csv: '',
    subjectFr: '',
    bodyFr: '',
    subjectEn: '',
    bodyEn: '',
    stream,
    firstWave: String(DEFAULT_PLAN.firstWave),
    growth: String(DEFAULT_PLAN.growth),
    dailyCap: String(DEFAULT_PLAN.dailyCap),
    organisationHourlyCap: String(DEFAULT_PLAN.organisationHourlyCap),
    reminderAfterDays: '7',
  };
}

const text = (form: FormData, key: string) => {
  const value = form.get(key);
  return typeof value === 'string' ? value : '';
};

/** The largest address list a form may carry (the members' own import has the same order of size). */
export const MAX_CSV_BYTES = 2 * 1024 * 1024;

/** Reads the posted form; an uploaded CSV is added to the pasted one. */
export async function readCampaignForm(form: FormData): Promise<{ values: CampaignFormValues; fileTooLarge: boolean }> {
  const kind = text(form, 'audienceKind');
  let csv = text(form, 'csv');
  let fileTooLarge = false;
  const file = form.get('csvFile');
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_CSV_BYTES) fileTooLarge = true;
    else csv = `${csv}\n${await file.text()}`;
  }
  return {
    fileTooLarge,
    values: {
      formId: text(form, 'formId'),
      name: text(form, 'name'),
      audienceKind: (AUDIENCE_KINDS as readonly string[]).includes(kind) ? (kind as AudienceKind) : 'not-renewed',
      statuses: form.getAll('statuses').filter((value): value is string => typeof value === 'string'),
      domains: text(form, 'domains'),
      locales: form.getAll('locales').filter((value): value is string => typeof value === 'string'),
      csv: csv.slice(0, MAX_CSV_BYTES),
      subjectFr: text(form, 'subjectFr'),
      bodyFr: text(form, 'bodyFr'),
      subjectEn: text(form, 'subjectEn'),
      bodyEn: text(form, 'bodyEn'),
      stream: text(form, 'stream'),
      firstWave: text(form, 'firstWave'),
      growth: text(form, 'growth'),
      dailyCap: text(form, 'dailyCap'),
      organisationHourlyCap: text(form, 'organisationHourlyCap'),
      reminderAfterDays: text(form, 'reminderAfterDays'),
    },
  };
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const audienceFields = z.discriminatedUnion('audienceKind', [
  z.object({ audienceKind: z.literal('not-renewed') }),
  z.object({
    audienceKind: z.literal('filters'),
    statuses: z.array(z.enum(AUDIENCE_STATUSES, { error: 'statuses' })),
    locales: z.array(z.enum(['fr', 'en'], { error: 'locales' })),
    domains: z
      .string()
      .transform((value) => value.split(/[\s,;]+/).map((domain) => domain.trim().toLowerCase().replace(/^@/, '')).filter(Boolean))
      .pipe(z.array(z.string().regex(DOMAIN, { error: 'domains' }))),
  }),
  z.object({ audienceKind: z.literal('list'), csv: z.string().transform((value) => emailsFromCsv(value)) }),
]);

/** Which message says what went wrong with a field: core's schema decides, the page says it in its language. */
const FIELD_MESSAGES: Record<CampaignField, MessageKey> = {
  name: 'admin.campaigns.error.name',
  audienceKind: 'admin.campaigns.error.audience',
  audience: 'admin.campaigns.error.audience',
  domains: 'admin.campaigns.error.domains',
  csv: 'admin.campaigns.error.csv',
  subjectFr: 'admin.campaigns.error.subject',
  subjectEn: 'admin.campaigns.error.subject',
  bodyFr: 'admin.campaigns.error.body',
  bodyEn: 'admin.campaigns.error.body',
  stream: 'admin.campaigns.error.stream',
  firstWave: 'admin.campaigns.error.firstWave',
  growth: 'admin.campaigns.error.growth',
  dailyCap: 'admin.campaigns.error.dailyCap',
  organisationHourlyCap: 'admin.campaigns.error.organisationHourlyCap',
  reminderAfterDays: 'admin.campaigns.error.reminderAfterDays',
};

const TEMPLATE_MESSAGES: Record<string, MessageKey> = {
  'subject-empty': 'admin.campaigns.error.subject',
  'subject-holds-link': 'admin.campaigns.error.subjectHoldsLink',
  'body-without-link': 'admin.campaigns.error.bodyWithoutLink',
};

/**
 * The form as a new campaign, or a message per field in the reader's
 * language. The audience is read here (its shape is the form's); the rest is
 * judged by the same schema `createCampaign` applies, so the page and the
 * command line accept exactly the same campaigns.
 */
export function parseCampaignForm(values: CampaignFormValues, t: Translate): { campaign: NewCampaign } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  let audience: Audience = {};
  const parsedAudience = audienceFields.safeParse(values);
  if (!parsedAudience.success) {
    for (const issue of parsedAudience.error.issues) {
      const field = issue.path[0] === 'domains' ? 'domains' : 'audience';
      errors[field] ??= t(FIELD_MESSAGES[field]);
    }
  } else if (parsedAudience.data.audienceKind === 'filters') {
    const { statuses, locales, domains } = parsedAudience.data;
    if (statuses.length === 0 && locales.length === 0 && domains.length === 0) errors.audience = t('admin.campaigns.error.noFilter');
    audience = { ...(statuses.length ? { statuses } : {}), ...(locales.length ? { locales } : {}), ...(domains.length ? { domains } : {}) };
  } else if (parsedAudience.data.audienceKind === 'list') {
    if (parsedAudience.data.csv.length === 0) errors.csv = t('admin.campaigns.error.csv');
    audience = { emails: parsedAudience.data.csv };
  }
  const reminder = values.reminderAfterDays.trim();
  const input = {
    name: values.name,
    stream: values.stream,
    audience,
    subjectFr: values.subjectFr,
    subjectEn: values.subjectEn,
    bodyFr: values.bodyFr,
    bodyEn: values.bodyEn,
    firstWave: values.firstWave.trim(),
    growth: values.growth.trim().replace(',', '.'),
    dailyCap: values.dailyCap.trim(),
    organisationHourlyCap: values.organisationHourlyCap.trim(),
    reminderAfterDays: reminder === '' ? null : reminder,
  };
  const parsed = newCampaignSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as CampaignField;
      if (!(field in FIELD_MESSAGES) || errors[field]) continue;
      const problem = issue.code === 'custom' ? (issue as { params?: { problem?: string } }).params?.problem : undefined;
      errors[field] = t(problem && TEMPLATE_MESSAGES[problem] ? TEMPLATE_MESSAGES[problem] : FIELD_MESSAGES[field]);
    }
  }
  // The schema judges the templates only once every field parses: ask the rule itself, so each message says all that is wrong at once.
  for (const suffix of ['Fr', 'En'] as const) {
    for (const problem of templateProblems({ subject: values[`subject${suffix}`], body: values[`body${suffix}`] })) {
      errors[`${problem.field}${suffix}`] ??= t(TEMPLATE_MESSAGES[problem.code]!);
    }
  }
  // Empty numbers would coerce to 0 and pass nowhere; but a blank that coerced into range must not pass silently either.
  for (const field of ['firstWave', 'growth', 'dailyCap', 'organisationHourlyCap'] as const) if (values[field].trim() === '') errors[field] ??= t(FIELD_MESSAGES[field]);
  if (Object.keys(errors).length > 0 || !parsed.success) return { errors };
  return { campaign: input as NewCampaign };
}
