import type { Client } from '@libsql/client';

/**
 * Every column of every table of the database (FTS5's own tables included,
 * their blobs read as bytes) where `needle` occurs, ignoring ASCII case, as
 * `table.column` → number of rows. Empty when the text is nowhere.
 */
export async function columnsHolding(client: Client, needle: string): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  const tables = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  for (const { name } of tables.rows) {
    const table = `"${String(name)}"`;
    const columns = await client.execute(`PRAGMA table_info(${table})`);
    for (const { name: column } of columns.rows) {
      const { rows } = await client.execute({
        sql: `SELECT count(*) AS n FROM ${table} WHERE instr(lower(CAST("${String(column)}" AS TEXT)), lower(?)) > 0`,
        args: [needle],
      });
      const count = Number(rows[0]!.n);
      if (count > 0) found[`${String(name)}.${String(column)}`] = count;
    }
  }
  return found;
}
