import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { people } from '../db/schema/archive.ts';
import { peopleWhoDeclined } from '../accounts/consents.ts';
import { DEFAULT_LOCALE, type Locale } from '../i18n/index.ts';
import { PSEUDONYM, pseudonymisedAmong } from './pseudonyms.ts';

export interface PersonSummary {
  id: string;
  name: string;
  initials: string;
  isBot: boolean;
  isDeleted: boolean;
  /** Shown as « Ancien membre » / "Former member": the page must not say more about them. */
  pseudonymised?: boolean;
}

/** What a pseudonymised person is shown as: the same for everyone, nothing of the real name. */
export function pseudonymisedPerson(id: string, locale: Locale = DEFAULT_LOCALE): PersonSummary {
  const name = PSEUDONYM[locale];
  return { id, name, initials: initialsOf(name), isBot: false, isDeleted: false, pseudonymised: true };
}

/** "Élise Côté-Tremblay" → "ÉC": the avatar shown instead of a picture from Slack's servers. */
export function initialsOf(name: string): string {
  // Letters only: "Maya (invitée)" is "MI", not "M(".
  const words = name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words.at(-1)!] : words.slice(0, 1);
  return letters.map((word) => [...word][0]!.toLocaleUpperCase('fr')).join('') || '?';
}

/**
 * Display names for people ids; ids missing from the export stay visible as themselves.
 * Three levels, everywhere the archive names people: the name; initials for a member who
 * declined "show my name"; « Ancien membre » for a pseudonymised person (archive/pseudonyms.ts).
 */
export async function loadPeople(db: Db, ids: Iterable<string>, locale: Locale = DEFAULT_LOCALE): Promise<Map<string, PersonSummary>> {
  const wanted = [...new Set(ids)].filter(Boolean);
  const found = new Map<string, PersonSummary>();
  const initialsOnly = await peopleWhoDeclined(db, 'show-name', wanted);
  const pseudonymised = await pseudonymisedAmong(db, wanted);
  for (let i = 0; i < wanted.length; i += 500) {
    const rows = await db
      .select({ id: people.id, displayName: people.displayName, realName: people.realName, handle: people.handle, isBot: people.isBot, isDeleted: people.isDeleted })
      .from(people)
      .where(inArray(people.id, wanted.slice(i, i + 500)));
    for (const row of rows) {
      if (pseudonymised.has(row.id)) {
        found.set(row.id, pseudonymisedPerson(row.id, locale));
        continue;
      }
      const name = row.displayName || row.realName || row.handle || row.id;
      const initials = initialsOf(name);
      found.set(row.id, { id: row.id, name: initialsOnly.has(row.id) ? initials : name, initials, isBot: row.isBot, isDeleted: row.isDeleted });
    }
  }
  for (const id of wanted) if (!found.has(id)) found.set(id, { id, name: id, initials: initialsOf(id), isBot: false, isDeleted: false });
  return found;
}
