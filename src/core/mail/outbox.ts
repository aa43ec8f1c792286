import { count, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { mailMessages } from '../db/schema/mail.ts';

export type MailRecord = typeof mailMessages.$inferSelect;
export type MailSummary = Omit<MailRecord, 'htmlBody' | 'textBody'>;

const { htmlBody: _html, textBody: _text, ...summaryColumns } = getTableColumns(mailMessages);

/** The outbox list for administrators, newest first; bodies are read one message at a time. */
export async function listMail(
  db: Db,
  options: { page: number; pageSize: number; recipient?: string },
): Promise<{ items: MailSummary[]; total: number }> {
  // instr() rather than LIKE: an address may contain "_", which LIKE treats as a wildcard.
  const filter = options.recipient ? sql`instr(lower(${mailMessages.recipient}), ${options.recipient.toLowerCase()}) > 0` : undefined;
  const [items, [totals]] = await Promise.all([
    db
      .select(summaryColumns)
      .from(mailMessages)
      .where(filter)
      .orderBy(desc(mailMessages.createdAt), desc(mailMessages.id))
      .limit(options.pageSize)
      .offset((options.page - 1) * options.pageSize),
    db.select({ total: count() }).from(mailMessages).where(filter),
  ]);
  return { items, total: totals?.total ?? 0 };
}

export async function getMail(db: Db, id: string): Promise<MailRecord | undefined> {
  const [mail] = await db.select().from(mailMessages).where(eq(mailMessages.id, id)).limit(1);
  return mail;
}
