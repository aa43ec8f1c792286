import { ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { members } from '../../db/schema/accounts.ts';

/** How many members (disabled ones aside) have an address at each domain; addresses never leave this query. */
export async function memberAddressDomains(db: Db): Promise<{ domain: string; members: number }[]> {
  const domain = sql<string>`lower(substr(${members.email}, instr(${members.email}, '@') + 1))`;
  const rows = await db
    .select({ domain, members: sql<number>`count(*)` })
    .from(members)
    .where(ne(members.status, 'disabled'))
    .groupBy(domain)
    .orderBy(sql`count(*) desc`, domain);
  return rows.filter((row) => row.domain !== '').map((row) => ({ domain: row.domain, members: Number(row.members) }));
}
