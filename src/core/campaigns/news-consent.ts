import { sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { memberConsents } from '../db/schema/renewal.ts';

/**
 * Campaign mail is broadcast mail: a member who withdrew « community news »
 * gets none, whether the campaign is being planned or its message is due (the
 * withdrawal takes effect at once, mid-campaign too). A member who never
 * answered has not withdrawn anything. The one place that decides.
 */
export function withdrewNews(memberId: AnySQLiteColumn): SQL<boolean> {
  return sql<boolean>`EXISTS (SELECT 1 FROM ${memberConsents} WHERE ${memberConsents.memberId} = ${memberId} AND ${memberConsents.purpose} = 'community-news' AND ${memberConsents.granted} = 0)`.mapWith(Boolean);
}
