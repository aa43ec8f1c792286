import { createHash } from 'node:crypto';
import type { Client } from '@libsql/client';
import { getTableColumns, sql, type Column } from 'drizzle-orm';
import type { Db } from './client.ts';
import { members } from './schema/accounts.ts';

/**
 * The archive's content version: one counter that moves whenever something a
 * reader of the archive sees may have changed. Triggers in the database bump it,
 * so a change made by the CLI, an import or another server process counts as
 * much as one made by this process.
 *
 * Tables written a row at a time by an import (messages, reactions, files) only
 * bump on update and delete: an import inserts them by the million, and its
 * import_runs row (written when it starts and when it ends) bumps for them.
 */
const EVERY_WRITE = [
  'channels',
  'channel_members',
  'people',
  'hidden_messages',
  'person_name_levels',
  'member_consents',
  'members',
  'settings',
  'import_runs',
] as const;
const CHANGES_ONLY = ['messages', 'reactions', 'files'] as const;

/**
 * Columns no page shows, written on their own by frequent events: every sign-in stamps its member,
 * and with the whole row watched each one would turn every reader's next view into a full render.
 */
const UNSEEN_STAMPS: Partial<Record<(typeof EVERY_WRITE)[number], { columns: Record<string, Column>; stamps: string[] }>> = {
  members: { columns: getTableColumns(members), stamps: [members.lastSignInAt.name, members.updatedAt.name] },
};

const BUMP = 'UPDATE content_version SET version = version + 1 WHERE id = 1';

/** Installs the counter's row and triggers (idempotent: run after every migration, so a new column is watched too). */
export async function installContentVersion(db: Db): Promise<void> {
  const statements = ['INSERT OR IGNORE INTO content_version (id, version) VALUES (1, 1)'];
  const trigger = (table: string, event: 'INSERT' | 'UPDATE' | 'DELETE') => {
    const name = `content_version_${table}_${event.toLowerCase()}`;
    const unseen = event === 'UPDATE' ? UNSEEN_STAMPS[table as (typeof EVERY_WRITE)[number]] : undefined;
    if (!unseen) return [`CREATE TRIGGER IF NOT EXISTS ${name} AFTER ${event} ON ${table} BEGIN ${BUMP}; END`];
    const watched = Object.values(unseen.columns)
      .map((column) => column.name)
      .filter((column) => !unseen.stamps.includes(column));
    return [`DROP TRIGGER IF EXISTS ${name}`, `CREATE TRIGGER ${name} AFTER UPDATE OF ${watched.join(', ')} ON ${table} BEGIN ${BUMP}; END`];
  };
  for (const table of EVERY_WRITE) statements.push(...trigger(table, 'INSERT'), ...trigger(table, 'UPDATE'), ...trigger(table, 'DELETE'));
  for (const table of CHANGES_ONLY) statements.push(...trigger(table, 'UPDATE'), ...trigger(table, 'DELETE'));
  for (const statement of statements) await db.run(sql.raw(statement));
}

export async function readContentVersion(client: Pick<Client, 'execute'>): Promise<number> {
  const row = (await client.execute('SELECT version FROM content_version WHERE id = 1')).rows[0];
  return Number(row?.version ?? 0);
}

/** What, besides the content, shapes a page: who reads it (and so which channels), in which language and zone, at which address. */
export interface PageKey {
  version: number;
  /** The member's id, or null for a visitor. */
  readerId: string | null;
  /** The channels the reader may read: a change of access changes every page's tag even before the counter moves. */
  readable: ReadonlySet<string>;
  locale: string;
  timeZone: string;
  /** Path and query string. */
  address: string;
  /** Changes with every start of the server, so a new version of the app never answers with an old page. */
  build: string;
}

/**
 * The entity tag of a page: a digest of its key. Two readers never share one
 * (the reader's id is part of it), so one reader's "not modified" says nothing of another's page.
 */
export function pageTag(key: PageKey): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([key.build, key.version, key.readerId, key.locale, key.timeZone, key.address]));
  for (const id of [...key.readable].sort()) hash.update(`\0${id}`);
  return `"${hash.digest('base64url').slice(0, 32)}"`;
}

/** True when an If-None-Match header names this tag (or "*"); weak tags match too, as RFC 9110 asks for GET. */
export function matchesIfNoneMatch(header: string | null, tag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === tag);
}
