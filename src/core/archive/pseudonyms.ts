import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { DEFAULT_LOCALE, type Locale } from '../i18n/index.ts';

/**
 * Who the archive names « Ancien membre » / "Former member", and the words for it.
 * The archive stays personal information once pseudonymised (the messages can
 * still identify someone): nothing here calls it anonymous.
 */
export const PSEUDONYM: Record<Locale, string> = { fr: 'Ancien membre', en: 'Former member' };

/** The words search indexes in place of a pseudonymised person's @mention: one language for every reader. */
export const INDEXED_PSEUDONYM = PSEUDONYM.fr;

/** settings key: "on" pseudonymises by default every person who never had an account. */
export const PSEUDONYMISE_NEVER_MEMBERS = 'archive.pseudonymise-never-members';

/**
 * The pseudonymised people, as SQL every reader of names and both search engines use:
 * those with a "pseudonymised" level, and — when the community turned the default on —
 * every person (not a bot) never linked to an account, unless a "named" level keeps them named.
 */
export const PSEUDONYMISED_PEOPLE_SQL = `SELECT person_id FROM person_name_levels WHERE level = 'pseudonymised'
  UNION SELECT p.id FROM people AS p
  WHERE EXISTS (SELECT 1 FROM settings WHERE key = '${PSEUDONYMISE_NEVER_MEMBERS}' AND value = 'on')
    AND p.is_bot = 0
    AND NOT EXISTS (SELECT 1 FROM members AS mb WHERE mb.slack_person_id = p.id)
    AND NOT EXISTS (SELECT 1 FROM person_name_levels AS n WHERE n.person_id = p.id AND n.level = 'named')`;

/**
 * The ids a Slack text @mentions (`<@U123>`, `<@U123|name>`), as the rows of a
 * subquery, found by walking the text's own mentions: trying every person of the
 * archive against every message instead cost a scan of `people` per message, hours
 * for an export of 100,000 people and millions of messages.
 */
export function mentionedIdsSql(text: string): string {
  const end = `CASE WHEN instr(rest, '|') BETWEEN 1 AND instr(rest, '>') THEN instr(rest, '|') ELSE instr(rest, '>') END`;
  return `WITH RECURSIVE mention(rest) AS (
      SELECT substr(${text}, instr(${text}, '<@') + 2) WHERE instr(${text}, '<@') > 0
      UNION ALL SELECT substr(rest, instr(rest, '<@') + 2) FROM mention WHERE instr(rest, '<@') > 0)
    SELECT DISTINCT substr(rest, 1, ${end} - 1) AS id FROM mention WHERE ${end} > 1`;
}

/** Which of these people the archive shows as « Ancien membre ». */
export async function pseudonymisedAmong(db: Db, personIds: Iterable<string>): Promise<Set<string>> {
  const wanted = [...new Set(personIds)].filter(Boolean);
  const found = new Set<string>();
  for (let i = 0; i < wanted.length; i += 500) {
    const part = wanted.slice(i, i + 500);
    const rows = await db.all<{ id: string }>(
      sql`SELECT person_id AS id FROM (${sql.raw(PSEUDONYMISED_PEOPLE_SQL)}) WHERE person_id IN (${sql.join(part.map((id) => sql`${id}`), sql`, `)})`,
    );
    for (const row of rows) found.add(row.id);
  }
  return found;
}

export async function isPseudonymiseDefaultOn(db: Db): Promise<boolean> {
  const [row] = await db.all<{ value: string }>(sql`SELECT value FROM settings WHERE key = ${PSEUDONYMISE_NEVER_MEMBERS}`);
  return row?.value === 'on';
}

/**
 * A search hit's snippet in the reader's language: the index holds one wording
 * for a pseudonymised person's @mention (`INDEXED_PSEUDONYM`), an English page
 * shows its own. The wording may straddle highlighted parts (a search for
 * "membre"); the replacement takes the place of the first part it touches.
 * A snippet that starts with the wording lost the "@" at its cut (the
 * embedded engine starts snippets on a word).
 */
export function pseudonymInSnippet<T extends { text: string }>(parts: readonly T[], locale: Locale = DEFAULT_LOCALE): T[] {
  const wanted = PSEUDONYM[locale];
  const indexed = `@${INDEXED_PSEUDONYM}`;
  const whole = parts.map((part) => part.text).join('');
  if (wanted === INDEXED_PSEUDONYM || !(whole.includes(indexed) || whole.startsWith(INDEXED_PSEUDONYM))) return [...parts];
  const texts = parts.map((part) => part.text);
  const starts: number[] = [];
  let offset = 0;
  for (const text of texts) {
    starts.push(offset);
    offset += text.length;
  }
  const out = texts.map(() => '');
  for (let at = 0, index = 0; at < whole.length; ) {
    while (at >= starts[index]! + texts[index]!.length) index++;
    const taken = whole.startsWith(indexed, at) ? indexed : at === 0 && whole.startsWith(INDEXED_PSEUDONYM) ? INDEXED_PSEUDONYM : whole[at]!;
    out[index] = `${out[index]}${taken === indexed ? `@${wanted}` : taken === INDEXED_PSEUDONYM ? wanted : taken}`;
    at += taken.length;
  }
  return parts.map((part, index) => ({ ...part, text: out[index]! })).filter((part) => part.text !== '');
}

const MENTION = /<a class="mention" href="([^"]*\/people\/)([^"/?]+)">[^<]*<\/a>/g;

/**
 * A rendered message's @mentions of pseudonymised people, renamed. Mentions are
 * rendered at import as links to the person's page (mrkdwn/serialize.ts), so the
 * id is in the link and the name in its text.
 */
export function renameMentions(html: string, pseudonymised: ReadonlySet<string>, pseudonym: string): string {
  if (pseudonymised.size === 0 || !html.includes('class="mention"')) return html;
  return html.replace(MENTION, (whole, prefix: string, encodedId: string) => {
    const id = decodeURIComponent(encodedId);
    return pseudonymised.has(id) ? `<a class="mention" href="${prefix}${encodedId}">@${pseudonym}</a>` : whole;
  });
}

/** The ids a rendered message mentions, to ask which are pseudonymised. */
export function mentionedIds(html: string): string[] {
  if (!html.includes('class="mention"')) return [];
  return [...html.matchAll(MENTION)].map((match) => decodeURIComponent(match[2]!));
}

/** Which of these messages their authors hid. Keys are "channelId ts". */
export async function hiddenAmong(db: Db, keys: readonly { channelId: string; ts: string }[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 200) {
    const part = keys.slice(i, i + 200);
    const rows = await db.all<{ channel_id: string; ts: string }>(
      sql`SELECT channel_id, ts FROM hidden_messages WHERE (channel_id, ts) IN (VALUES ${sql.join(part.map((key) => sql`(${key.channelId}, ${key.ts})`), sql`, `)})`,
    );
    for (const row of rows) found.add(`${row.channel_id} ${row.ts}`);
  }
  return found;
}
