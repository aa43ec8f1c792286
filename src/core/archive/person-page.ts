import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { messages, people } from '../db/schema/archive.ts';
import { loadMessageViews, type MessageView } from './message-view.ts';
import { initialsOf, pseudonymisedPerson } from './people-names.ts';
import { pseudonymisedAmong } from './pseudonyms.ts';
import { peopleWhoDeclined } from '../accounts/consents.ts';
import type { Locale } from '../i18n/index.ts';

type Person = typeof people.$inferSelect;

/**
 * A member who declined "show my name": their page names them by initials, and says nothing else that would name them.
 * A pseudonymised person: « Ancien membre », and nothing else either.
 */
async function asShown(db: Db, person: Person | undefined, locale?: Locale): Promise<Person | null> {
  if (!person) return null;
  if ((await pseudonymisedAmong(db, [person.id])).has(person.id)) {
    return { ...person, displayName: pseudonymisedPerson(person.id, locale).name, realName: null, handle: null, email: null, title: null, avatarUrl: null, timeZone: null };
  }
  if (!(await peopleWhoDeclined(db, 'show-name', [person.id])).has(person.id)) return person;
  const name = person.displayName || person.realName || person.handle || person.id;
  return { ...person, displayName: initialsOf(name), realName: null, handle: null, email: null, title: null, avatarUrl: null };
}

export const PERSON_PAGE_SIZE = 30;

export interface PersonPage {
  person: Person | null;
  messages: MessageView[];
  /** Cursor "tsMs:channelId:ts" for the next (older) page, or null. */
  older: string | null;
}

/** A person's messages, newest first, only in the channels the reader may read. */
export async function readPersonPage(db: Db, personId: string, readable: ReadonlySet<string>, before: string | null, pageSize = PERSON_PAGE_SIZE, locale?: Locale): Promise<PersonPage> {
  const [stored] = await db.select().from(people).where(eq(people.id, personId)).limit(1);
  const person = await asShown(db, stored, locale);
  const channels = [...readable];
  if (channels.length === 0) return { person: person ?? null, messages: [], older: null };
  const cursor = before && /^\d{1,16}:[A-Z0-9]{1,20}:\d{10}\.\d{6}$/.test(before) ? before.split(':') : undefined;
  const bound =
    cursor
      ? sql`(${messages.tsMs}, ${messages.channelId}, ${messages.ts}) < (${Number(cursor[0])}, ${cursor[1]}, ${cursor[2]})`
      : undefined;
  const rows = await db
    .select()
    .from(messages)
    .where(and(eq(messages.userId, personId), inArray(messages.channelId, channels), bound))
    .orderBy(desc(messages.tsMs), desc(messages.channelId), desc(messages.ts))
    .limit(pageSize + 1);
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return {
    person: person ?? null,
    messages: await loadMessageViews(db, page, locale),
    older: rows.length > pageSize && last ? `${last.tsMs}:${last.channelId}:${last.ts}` : null,
  };
}
