import { z } from 'zod';
import { CONSENT_PURPOSES, type ConsentChoices } from '../../core/accounts/consents.ts';
import type { PasswordChoice } from '../../core/accounts/renewal-follow.ts';
import type { Locale } from '../../core/i18n/index.ts';

/** What the form shows: the member's answers so far. The password is never sent back to the browser. */
export interface RenewalFormValues {
  name: string;
  locale: Locale;
  timeZone: string;
  choices: ConsentChoices;
  passwordChoice: PasswordChoice['kind'];
}

const fields = z.object({
  name: z.string().trim().max(200).default(''),
  locale: z.enum(['fr', 'en']).catch('fr'),
  timeZone: z.string().trim().max(100).default(''),
  mattermost: z.enum(['set', 'reset-mail', 'later']).catch('later'),
  password: z.string().max(1000).default(''),
});

export type ParsedRenewalForm =
  | { ok: true; values: RenewalFormValues; password: PasswordChoice }
  | { ok: false; values: RenewalFormValues; problem: 'name' | 'password' };

/** Checkbox `consent-<purpose>`: ticked means granted; an unticked box sends nothing. */
export function choicesFromForm(form: Record<string, string | undefined>): ConsentChoices {
  return Object.fromEntries(CONSENT_PURPOSES.map((purpose) => [purpose.id, purpose.required || form[`consent-${purpose.id}`] === 'on'])) as ConsentChoices;
}

export function parseRenewalForm(form: Record<string, string | undefined>, askPassword: boolean): ParsedRenewalForm {
  const parsed = fields.safeParse(form);
  const data = parsed.success ? parsed.data : fields.parse({ ...form, name: '', password: '' });
  const values: RenewalFormValues = {
    name: data.name,
    locale: data.locale,
    timeZone: data.timeZone,
    choices: choicesFromForm(form),
    passwordChoice: askPassword ? data.mattermost : 'later',
  };
  if (!parsed.success) return { ok: false, values, problem: (form.name ?? '').trim().length > 200 ? 'name' : 'password' };
  if (values.passwordChoice === 'set') {
    if (data.password === '') return { ok: false, values, problem: 'password' };
    return { ok: true, values, password: { kind: 'set', password: data.password } };
  }
  return { ok: true, values, password: { kind: values.passwordChoice } };
}
