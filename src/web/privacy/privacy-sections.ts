import type { Config } from '../../core/config.ts';
import { pluralCategory, translator, type Locale, type MessageKey } from '../../core/i18n/index.ts';
import { listProcessors, type Processor } from '../../core/privacy/processors.ts';
import { RETENTION_CATEGORIES, retentionPeriods, SESSION_IDLE_DAYS, type RetentionPeriod } from '../../core/privacy/retention-policy.ts';
import { escapeHtml } from '../../core/text/escape-html.ts';

/**
 * The privacy page's parts that must say what Passerelle actually does: the
 * retention periods and the processors, generated from the same modules the
 * retention job and the mail senders read, in the reader's language.
 */

type Unit = 'minutes' | 'days' | 'years';

function duration(locale: Locale, unit: Unit, count: number): string {
  return translator(locale)(`privacy.duration.${unit}.${pluralCategory(locale, count)}` as MessageKey, { count });
}

/** 365 days read "1 year"; other counts stay in days: a month is not a fixed number of them. */
export function describePeriod(locale: Locale, period: RetentionPeriod): string {
  if ('minutes' in period) return duration(locale, 'minutes', period.minutes);
  if ('years' in period) return duration(locale, 'years', period.years);
  if (period.days % 365 === 0) return duration(locale, 'years', period.days / 365);
  return duration(locale, 'days', period.days);
}

export interface RetentionRow {
  what: string;
  howLong: string;
}

export function retentionRows(locale: Locale, config: Pick<Config, 'retention' | 'renewalLinkDays'>): RetentionRow[] {
  const t = translator(locale);
  const periods = retentionPeriods(config.retention);
  const rows: RetentionRow[] = RETENTION_CATEGORIES.map((category) => {
    const period = category === 'renewalLinks' ? { days: config.renewalLinkDays } : periods[category];
    return {
      what: t(`privacy.retention.category.${category}`),
      howLong: t(`privacy.retention.period.${category}`, { duration: describePeriod(locale, period), idle: describePeriod(locale, { days: SESSION_IDLE_DAYS }) }),
    };
  });
  for (const fixed of ['account', 'archive'] as const) {
    rows.push({ what: t(`privacy.retention.category.${fixed}`), howLong: t(`privacy.retention.period.${fixed}`) });
  }
  return rows;
}

export function retentionTableHtml(locale: Locale, config: Pick<Config, 'retention' | 'renewalLinkDays'>): string {
  const t = translator(locale);
  const body = retentionRows(locale, config)
    .map((row) => `<tr><td>${escapeHtml(row.what)}</td><td>${escapeHtml(row.howLong)}</td></tr>`)
    .join('');
  return `<table><thead><tr><th scope="col">${escapeHtml(t('privacy.retention.what'))}</th><th scope="col">${escapeHtml(t('privacy.retention.howLong'))}</th></tr></thead><tbody>${body}</tbody></table>`;
}

function locationText(locale: Locale, processor: Processor): string {
  if ('known' in processor.location) return translator(locale)(`privacy.processors.location.${processor.location.known}`);
  if ('stated' in processor.location) return processor.location.stated;
  return translator(locale)('privacy.processors.location.unstated');
}

export function processorLines(locale: Locale, config: Parameters<typeof listProcessors>[0] & Pick<Config, 'mailTracking'>): string[] {
  const t = translator(locale);
  const processors = listProcessors(config);
  if (processors.length === 0) return [t('privacy.processors.none')];
  return processors.flatMap((processor) => {
    const line = t(`privacy.processors.${processor.name}`, { location: locationText(locale, processor) });
    if (processor.name !== 'postmark') return [line];
    const tracked = config.mailTracking.opens || config.mailTracking.links !== 'None';
    return [line, t(tracked ? 'privacy.processors.trackingOn' : 'privacy.processors.trackingOff')];
  });
}

export function processorsHtml(locale: Locale, config: Parameters<typeof processorLines>[1]): string {
  return `<ul>${processorLines(locale, config).map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`;
}
