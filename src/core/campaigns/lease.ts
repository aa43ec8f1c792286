import type { Client } from '@libsql/client';

/**
 * A lease in the database: one holder at a time across processes (the web
 * server's worker and `campaign run`). Taking and renewing are one statement,
 * so two processes can never both believe they hold it; a holder that died
 * loses it when it expires.
 */
export async function acquireLease(client: Client, name: string, holder: string, ttlMs: number, now = Date.now()): Promise<boolean> {
  const result = await client.execute({
    sql: `INSERT INTO worker_leases (name, holder, expires_at) VALUES (?1, ?2, ?3)
          ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
          WHERE worker_leases.holder = excluded.holder OR worker_leases.expires_at < ?4
          RETURNING holder`,
    args: [name, holder, now + ttlMs, now],
  });
  return result.rows.length === 1;
}

/** Lets another process take over at once instead of waiting for the expiry. */
export async function releaseLease(client: Client, name: string, holder: string): Promise<void> {
  await client.execute({ sql: 'DELETE FROM worker_leases WHERE name = ? AND holder = ?', args: [name, holder] });
}
