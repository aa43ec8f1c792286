import type { Db } from '../../db/client.ts';
import { people } from '../../db/schema/archive.ts';
import { linkableUrl } from '../../mrkdwn/links.ts';
import { stripSlackSecretsFrom as clean } from '../../text/slack-secrets.ts';
import type { AuthorSeen } from '../map/author-seen.ts';
import type { PersonRow } from './directory-batch.ts';

const ROWS_PER_STATEMENT = 2_000;

/**
 * People the export's lists do not describe (users.json missing, renamed or
 * partial) but whose messages carry a snapshot of who they are. The first
 * snapshot met is kept: one row per person, at most one per author of the export.
 */
export class PeopleFromMessages {
  readonly #listed: { has(id: string): boolean };
  readonly #seen = new Map<string, AuthorSeen>();

  /** `listed`: the people the export's lists describe (a NameLookup of them). */
  constructor(listed: { has(id: string): boolean }) {
    this.#listed = listed;
  }

  add(authors: readonly AuthorSeen[]): void {
    for (const author of authors) {
      if (!this.#listed.has(author.id) && !this.#seen.has(author.id)) this.#seen.set(author.id, author);
    }
  }

  /**
   * Adds the people not stored yet and returns how many the export knows only
   * this way. A person already stored (from an earlier export's users.json) keeps
   * the fuller record.
   */
  async write(db: Db): Promise<number> {
    const rows = [...this.#seen.values()].map(toPersonRow);
    for (let at = 0; at < rows.length; at += ROWS_PER_STATEMENT) {
      await db.insert(people).values(rows.slice(at, at + ROWS_PER_STATEMENT)).onConflictDoNothing();
    }
    return rows.length;
  }
}

/** The same secrets rule as for users.json: names and avatar links can hold tokens. */
function toPersonRow(author: AuthorSeen): PersonRow {
  return {
    id: author.id,
    handle: clean(author.handle) || null,
    realName: clean(author.realName) || null,
    displayName: clean(author.displayName) || null,
    avatarUrl: author.avatarUrl ? (linkableUrl(author.avatarUrl) ?? null) : null,
  };
}
