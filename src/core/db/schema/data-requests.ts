import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const DATA_REQUEST_KINDS = ['access', 'rectification', 'pseudonymisation', 'hide-messages', 'consent-withdrawal', 'other'] as const;
export type DataRequestKind = (typeof DATA_REQUEST_KINDS)[number];

/**
 * Requests about personal information that an administrator handles by hand
 * (someone without an account writes in): the law gives 30 days to answer.
 */
export const dataRequests = sqliteTable(
  'data_requests',
  {
    id: text('id').primaryKey(),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
    kind: text('kind', { enum: DATA_REQUEST_KINDS }).notNull(),
    /** Who asked, as the administrator needs to find them again (a name, a Slack id). */
    requester: text('requester').notNull(),
    dueAt: integer('due_at', { mode: 'timestamp_ms' }).notNull(),
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
    /** What was done, written when closing. */
    closingNote: text('closing_note'),
    createdBy: text('created_by').notNull(),
  },
  (table) => [index('data_requests_due').on(table.closedAt, table.dueAt)],
);
