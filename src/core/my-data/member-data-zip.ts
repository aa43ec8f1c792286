import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import yazl from 'yazl';
import type { Member } from '../accounts/members.ts';
import { peopleWhoDeclined } from '../accounts/consents.ts';
import { PSEUDONYM, pseudonymisedAmong } from '../archive/pseudonyms.ts';
import type { Db } from '../db/client.ts';
import { neutralLinks } from '../routes.ts';
import { renamedMentionsSql, withRenamedMentions } from '../search/documents.ts';
import { DATA_FILES, dataSchema, type DataFileName } from './data-files.ts';
import { csvField } from '../text/csv-field.ts';

type Row = Record<string, string | number | null>;

/** Messages are read this many at a time: what the download holds in memory, whatever the member wrote. */
export const MESSAGE_PAGE = 500;

const iso = (ms: unknown) => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());

function columnsOf(name: DataFileName): string[] {
  return DATA_FILES.find((file) => file.name === name)!.columns.map((column) => column.name);
}

async function* asJson(rows: AsyncIterable<Row[]>, columns: string[]): AsyncGenerator<string> {
  let first = true;
  yield '[';
  for await (const page of rows) {
    for (const row of page) {
      yield `${first ? '\n' : ',\n'}${JSON.stringify(Object.fromEntries(columns.map((column) => [column, row[column] ?? null])))}`;
      first = false;
    }
  }
  yield '\n]\n';
}

async function* asCsv(rows: AsyncIterable<Row[]>, columns: string[]): AsyncGenerator<string> {
  yield `\uFEFF${columns.join(',')}\r\n`;
  for await (const page of rows) {
    let lines = '';
    for (const row of page) lines += `${columns.map((column) => csvField(row[column] ?? null)).join(',')}\r\n`;
    yield lines;
  }
}

async function* once(rows: () => Promise<Row[]>): AsyncGenerator<Row[]> {
  yield await rows();
}

export interface MemberDataOptions {
  /** Permalinks are absolute, from the configured public address. */
  publicUrl: string;
}

/**
 * A member's data as one zip, written as it is read: the zip is a stream the
 * caller pipes to the response, each file produced from paged queries when the
 * zip reaches it (yazl reads one entry's stream at a time), so memory stays
 * bounded by a page whatever the member wrote. `messages` resolves with how many
 * messages were written once the zip is complete.
 */
export function memberDataZip(db: Db, member: Member, options: MemberDataOptions): { stream: Readable; messages: Promise<number> } {
  const zip = new yazl.ZipFile();
  const mtime = new Date();
  let messageCount = 0;
  let resolveCount: (count: number) => void = () => undefined;
  const messages = new Promise<number>((resolve) => {
    resolveCount = resolve;
  });

  const add = (name: DataFileName, rows: () => AsyncIterable<Row[]>) => {
    const columns = columnsOf(name);
    zip.addReadStream(Readable.from(asJson(rows(), columns)), `${name}.json`, { mtime });
    zip.addReadStream(Readable.from(asCsv(rows(), columns)), `${name}.csv`, { mtime });
  };

  zip.addBuffer(Buffer.from(`${JSON.stringify(dataSchema(), null, 2)}\n`), 'schema.json', { mtime });
  add('profile', () => once(() => profileRows(db, member)));
  add('consents', () =>
    once(async () =>
      (
        await db.all<Row>(sql`SELECT at, purpose, granted, version, source FROM consent_register WHERE member_id = ${member.id} ORDER BY id`)
      ).map((row) => ({ ...row, at: iso(row.at), granted: Number(row.granted) === 1 ? 'yes' : 'no' })),
    ),
  );
  add('sessions', () =>
    once(async () =>
      (
        await db.all<Row>(sql`SELECT created_at, last_used_at, expires_at, device FROM sessions WHERE member_id = ${member.id} ORDER BY created_at`)
      ).map((row) => ({ ...row, created_at: iso(row.created_at), last_used_at: iso(row.last_used_at), expires_at: iso(row.expires_at) })),
    ),
  );
  add('sign-ins', () =>
    once(async () =>
      (
        await db.all<Row>(sql`SELECT created_at, expires_at, used_at, origin FROM sign_in_challenges WHERE member_id = ${member.id} ORDER BY created_at`)
      ).map((row) => ({ ...row, created_at: iso(row.created_at), expires_at: iso(row.expires_at), used_at: iso(row.used_at) })),
    ),
  );
  add('mails', () => once(() => mailRows(db, member)));
  add('audit', () =>
    once(async () =>
      (
        await db.all<Row>(sql`SELECT at, actor, action, details FROM audit_log WHERE target_member_id = ${member.id} OR actor = ${member.id} ORDER BY id`)
      ).map((row) => ({
        at: iso(row.at),
        // Which administrator is theirs to know, not the member's.
        by: row.actor === member.id ? 'you' : row.actor === 'cli' ? 'command line' : row.actor === 'system' ? 'Passerelle' : 'administrator',
        action: row.action ?? null,
        details: row.details ?? null,
      })),
    ),
  );
  let pass = 0;
  add('messages', () => {
    // The JSON and the CSV each read the messages once; the count is the CSV's (written last).
    const counting = ++pass === 2;
    return messageRows(db, member, options, (n) => {
      if (counting) messageCount += n;
    });
  });
  zip.end();
  zip.outputStream.on('end', () => resolveCount(messageCount));
  zip.outputStream.on('error', () => resolveCount(messageCount));
  return { stream: zip.outputStream as unknown as Readable, messages };
}

async function profileRows(db: Db, member: Member): Promise<Row[]> {
  let slackName: string | null = null;
  let level = 'name';
  if (member.slackPersonId) {
    const [person] = await db.all<{ name: string | null }>(
      sql`SELECT coalesce(nullif(display_name, ''), nullif(real_name, ''), handle) AS name FROM people WHERE id = ${member.slackPersonId}`,
    );
    slackName = person?.name ?? null;
    if ((await pseudonymisedAmong(db, [member.slackPersonId])).size > 0) level = 'pseudonymised';
    else if ((await peopleWhoDeclined(db, 'show-name', [member.slackPersonId])).size > 0) level = 'initials';
  }
  return [
    {
      member_id: member.id,
      email: member.email,
      name: member.name,
      locale: member.locale,
      time_zone: member.timeZone,
      role: member.role,
      status: member.status,
      slack_person_id: member.slackPersonId,
      slack_display_name: slackName,
      name_in_archive: level,
      created_at: iso(member.createdAt.getTime()),
      last_sign_in_at: iso(member.lastSignInAt?.getTime() ?? null),
      renewed_at: iso(member.renewedAt?.getTime() ?? null),
    },
  ];
}

async function mailRows(db: Db, member: Member): Promise<Row[]> {
  const rows = await db.all<Row>(sql`
    SELECT m.created_at, m.template, m.subject, m.status, m.sent_at,
      (SELECT group_concat(e.kind || ' at ' || strftime('%Y-%m-%dT%H:%M:%SZ', e.at / 1000, 'unixepoch'), '; ')
         FROM mail_events AS e WHERE e.provider_message_id = m.provider_message_id AND m.provider_message_id IS NOT NULL) AS delivery
    FROM mail_messages AS m WHERE m.member_id = ${member.id} OR m.recipient = ${member.email} ORDER BY m.created_at`);
  return rows.map((row) => ({ ...row, created_at: iso(row.created_at), sent_at: iso(row.sent_at) }));
}

async function* messageRows(db: Db, member: Member, options: MemberDataOptions, counted: (n: number) => void): AsyncGenerator<Row[]> {
  if (!member.slackPersonId) return;
  const base = options.publicUrl.replace(/\/+$/, '');
  let after: [number, string, string] = [-1, '', ''];
  for (;;) {
    const rows = await db.all<{ ts_ms: number; channel_id: string; ts: string; thread_ts: string | null; plain: string; channel: string | null; hidden: number; renamed: string | null }>(sql`
      SELECT m.ts_ms, m.channel_id, m.ts, m.thread_ts, m.plain, c.name AS channel,
        EXISTS (SELECT 1 FROM hidden_messages AS h WHERE h.channel_id = m.channel_id AND h.ts = m.ts) AS hidden,
        ${sql.raw(renamedMentionsSql('m'))} AS renamed
      FROM messages AS m LEFT JOIN channels AS c ON c.id = m.channel_id
      WHERE m.user_id = ${member.slackPersonId} AND (m.ts_ms, m.channel_id, m.ts) > (${after[0]}, ${after[1]}, ${after[2]})
      ORDER BY m.ts_ms, m.channel_id, m.ts LIMIT ${MESSAGE_PAGE}`);
    if (rows.length === 0) return;
    counted(rows.length);
    yield rows.map((row) => ({
      at: iso(row.ts_ms),
      channel: row.channel,
      channel_id: row.channel_id,
      ts: row.ts,
      thread_ts: row.thread_ts,
      // Other people the member mentioned keep the archive's rule: a pseudonymised one stays so here too, in the member's language.
      text: withRenamedMentions(row.plain, row.renamed, PSEUDONYM[member.locale]),
      hidden: Number(row.hidden) === 1 ? 'yes' : 'no',
      permalink: `${base}${neutralLinks.message(row.channel_id, row.ts)}`,
    }));
    const last = rows.at(-1)!;
    after = [Number(last.ts_ms), last.channel_id, last.ts];
  }
}
