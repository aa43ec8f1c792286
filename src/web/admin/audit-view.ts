import { inArray } from 'drizzle-orm';
import { isAuditAction } from '../../core/accounts/audit.ts';
import type { Db } from '../../core/db/client.ts';
import { members } from '../../core/db/schema/accounts.ts';
import { formatDate, type Locale, type MessageKey, type Translate } from '../../core/i18n/index.ts';
import fr from '../../core/i18n/fr.json' with { type: 'json' };

/** One audit entry as an administrator reads it: names, a translated action, details as fields. */
export interface AuditEntryView {
  at: Date;
  actor: { label: string; memberId: string | null };
  action: string;
  target: { label: string; memberId: string } | null;
  details: { label: string; value: string }[];
}

interface StoredEntry {
  at: Date;
  actor: string;
  action: string;
  targetMemberId: string | null;
  details: string | null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function hasMessage(key: string): key is MessageKey {
  return key in fr;
}

/** Names of the members an entry mentions, looked up once for the page. */
async function memberNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: members.id, name: members.name, email: members.email }).from(members).where(inArray(members.id, ids));
  return new Map(rows.map((row) => [row.id, row.name ?? row.email]));
}

/**
 * Details are stored as JSON for the record; shown as labelled fields. Known
 * values (roles, visibilities, dates, yes/no) are translated; the rest shows as
 * stored. Nested objects (a channel's settings before and after) read as
 * "field: value" lists.
 */
function describeValue(value: unknown, locale: Locale, timeZone: string, t: Translate): string {
  if (value === null || value === undefined || value === '') return t('admin.audit.none');
  if (typeof value === 'boolean') return t(value ? 'admin.audit.yes' : 'admin.audit.no');
  if (typeof value === 'string') {
    if (ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))) return formatDate(new Date(value), locale, timeZone, { dateStyle: 'medium', timeStyle: 'short' });
    for (const prefix of ['admin.role.', 'admin.visibility.', 'admin.channelKind.', 'admin.status.']) {
      const key = `${prefix}${value}`;
      if (hasMessage(key)) return t(key);
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => describeValue(item, locale, timeZone, t)).join(', ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, inner]) => `${fieldLabel(key, t)}${t('admin.audit.fieldSeparator')}${describeValue(inner, locale, timeZone, t)}`)
      .join(' · ');
  }
  return String(value);
}

function fieldLabel(key: string, t: Translate): string {
  const label = `admin.audit.field.${key}`;
  return hasMessage(label) ? t(label) : key;
}

function describeDetails(details: string | null, locale: Locale, timeZone: string, t: Translate): AuditEntryView['details'] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(details ?? '{}');
  } catch {
    return details ? [{ label: t('admin.audit.details'), value: details }] : [];
  }
  if (!parsed || typeof parsed !== 'object') return [];
  return Object.entries(parsed as Record<string, unknown>).map(([key, value]) => ({ label: fieldLabel(key, t), value: describeValue(value, locale, timeZone, t) }));
}

export async function describeAuditEntries(db: Db, entries: StoredEntry[], locale: Locale, timeZone: string, t: Translate): Promise<AuditEntryView[]> {
  const ids = [...new Set(entries.flatMap((entry) => [entry.actor, entry.targetMemberId]).filter((id): id is string => !!id && id !== 'cli' && id !== 'system'))];
  const names = await memberNames(db, ids);
  const nameOf = (id: string) => names.get(id) ?? t('admin.audit.unknownMember');
  return entries.map((entry) => ({
    at: entry.at,
    actor:
      entry.actor === 'cli'
        ? { label: t('admin.audit.cli'), memberId: null }
        : entry.actor === 'system'
          ? { label: t('admin.audit.system'), memberId: null }
          : { label: nameOf(entry.actor), memberId: entry.actor },
    action: isAuditAction(entry.action) ? t(`admin.audit.action.${entry.action}`) : entry.action,
    target: entry.targetMemberId ? { label: nameOf(entry.targetMemberId), memberId: entry.targetMemberId } : null,
    details: describeDetails(entry.details, locale, timeZone, t),
  }));
}
