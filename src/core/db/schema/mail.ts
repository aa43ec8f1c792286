import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Every message Passerelle sends, whichever transport carried it. Bodies are
 * kept when the outbox is the transport (administrators read them there) and
 * dropped once sent by a provider when they carried a live sign-in token.
 */
export const mailMessages = sqliteTable(
  'mail_messages',
  {
    id: text('id').primaryKey(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    recipient: text('recipient').notNull(),
    memberId: text('member_id'),
    template: text('template').notNull(),
    locale: text('locale').notNull(),
    /** Postmark message stream: "outbound" (transactional) or a broadcast stream. */
    stream: text('stream').notNull(),
    subject: text('subject').notNull(),
    transport: text('transport').notNull(),
    status: text('status', { enum: ['sending', 'sent', 'held', 'failed'] }).notNull(),
    providerMessageId: text('provider_message_id'),
    errorKind: text('error_kind'),
    errorMessage: text('error_message'),
    htmlBody: text('html_body'),
    textBody: text('text_body'),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
  },
  // By provider id: delivery events find their message (see mail/events/message-state.ts).
  (table) => [index('mail_messages_created').on(table.createdAt), index('mail_messages_recipient').on(table.recipient), index('mail_messages_provider').on(table.providerMessageId)],
);
