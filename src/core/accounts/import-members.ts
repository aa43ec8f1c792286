import { parse } from 'csv-parse/sync';
import { and, eq, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { people } from '../db/schema/archive.ts';
import { recordAudit, type Actor } from './audit.ts';
import { addMember, emailSchema, findMemberByEmail, isPersonLinked, linkSlackPerson } from './members.ts';

/** Columns a line can get wrong. */
export type ImportField = 'email' | 'name' | 'locale' | 'role';

/** What was wrong with a skipped line, as data: pages say it in the reader's language. */
export type ImportLineProblem = { kind: 'extra-fields' } | { kind: 'invalid-fields'; fields: ImportField[] };

export interface MemberImportReport {
  added: number;
  alreadyMembers: number;
  /** `reason` is for operators at the command line; `problem` is what pages translate. */
  skipped: { line: number; reason: string; problem: ImportLineProblem }[];
}

/** The file itself cannot be read as CSV (not one of its lines). */
export class UnreadableCsvError extends Error {
  constructor(detail: string) {
    super(`the CSV file cannot be read: ${detail}`);
    this.name = 'UnreadableCsvError';
  }
}

const rowSchema = z.object({
  email: emailSchema,
  name: z.string().trim().optional(),
  locale: z.enum(['fr', 'en']).optional().catch(undefined),
  role: z.enum(['member', 'admin']).optional(),
});

/**
 * Adds members from CSV text with a header row: `email` (required), `name`,
 * `locale` (fr|en), `role` (member|admin). Separators `,` or `;` (spreadsheets
 * in French locales write `;`). Bad lines are reported, the rest added.
 */
export async function importMembersCsv(db: Db, actor: Actor, csv: string): Promise<MemberImportReport> {
  const firstLine = csv.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: { record: Record<string, string>; info: { lines: number; columns: unknown[]; error?: { record?: unknown[] } } }[];
  try {
    records = parse(csv, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      delimiter,
      skip_empty_lines: true,
      trim: true,
      bom: true,
      // A row with a missing or extra field is that row's problem, reported below, not the file's.
      relax_column_count: true,
      info: true,
    });
  } catch (error) {
    throw new UnreadableCsvError((error as Error).message);
  }
  const report: MemberImportReport = { added: 0, alreadyMembers: 0, skipped: [] };
  for (const { record, info } of records) {
    const line = info.lines;
    if ((info.error?.record?.length ?? 0) > info.columns.length) {
      // Usually an unquoted comma in a name: every field after it would land in the wrong column.
      report.skipped.push({ line, reason: 'more fields than the header (quote values that contain the separator)', problem: { kind: 'extra-fields' } });
      continue;
    }
    const parsed = rowSchema.safeParse({ ...record, role: record.role || undefined, name: record.name || undefined });
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0]) as ImportField))];
      report.skipped.push({
        line,
        reason: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
        problem: { kind: 'invalid-fields', fields },
      });
      continue;
    }
    if (await findMemberByEmail(db, parsed.data.email)) {
      report.alreadyMembers += 1;
      continue;
    }
    await addMember(db, actor, parsed.data);
    report.added += 1;
  }
  await recordAudit(db, actor, 'member.imported', null, { added: report.added, skipped: report.skipped.length });
  return report;
}

/**
 * People of the Slack export who had an email address become (invited) members,
 * linked to their Slack identity. Bots and deleted accounts do not.
 */
export async function addMembersFromSlack(db: Db, actor: Actor): Promise<number> {
  const candidates = await db
    .select({ id: people.id, email: people.email, name: people.realName, displayName: people.displayName })
    .from(people)
    .where(and(isNotNull(people.email), eq(people.isBot, false), eq(people.isDeleted, false)));
  let added = 0;
  for (const person of candidates) {
    const email = emailSchema.safeParse(person.email);
    if (!email.success) continue;
    const existing = await findMemberByEmail(db, email.data);
    if (!existing) {
      await addMember(db, actor, { email: email.data, name: person.displayName || person.name });
      added += 1;
    } else if (existing.slackPersonId === null && !(await isPersonLinked(db, person.id))) {
      // Added before the export was imported: the same address makes them the same person.
      await linkSlackPerson(db, actor, existing.id, person.id);
    }
  }
  return added;
}
