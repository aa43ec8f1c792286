import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { files, messages, reactions } from '../db/schema/archive.ts';
import { emojiFromShortcode } from '../mrkdwn/render.ts';
import { renderChannelText } from './channel-text.ts';
import { loadPeople, initialsOf, type PersonSummary } from './people-names.ts';
import { systemEvent, type SystemEvent } from './system-message.ts';
import { hiddenAmong, mentionedIds, renameMentions, PSEUDONYM } from './pseudonyms.ts';
import { DEFAULT_LOCALE, type Locale } from '../i18n/index.ts';

export type MessageRow = typeof messages.$inferSelect;

export interface ReactionView {
  emoji: string;
  /** The Unicode emoji, or null for the workspace's own emoji (their images are not in exports). */
  glyph: string | null;
  count: number;
  people: string[];
}

export interface FileView {
  name: string | null;
  title: string | null;
  type: string | null;
  size: number | null;
  /** hidden_by_limit and tombstone files hold nothing but their mode: shown as placeholders. */
  mode: string | null;
}

export interface MessageView {
  channelId: string;
  ts: string;
  tsMs: number;
  author: PersonSummary;
  html: string;
  /** The words of the message and its attachments, as search indexes them. */
  plain: string;
  attachmentsHtml: string | null;
  subtype: string | null;
  /** Joins, leaves and topic changes: folded away in the channel. */
  isEvent: boolean;
  /** A system message as data, worded in the page's language; its new topic, purpose or name rendered as Slack text. */
  event: (SystemEvent & { valueHtml?: string }) | null;
  threadTs: string | null;
  isReply: boolean;
  replyCount: number;
  rootMissing: boolean;
  edited: boolean;
  isTombstone: boolean;
  /** Its author hid it: pages show that a message was here, nothing of it. */
  hidden?: boolean;
  reactions: ReactionView[];
  files: FileView[];
}

const EVENT_SUBTYPES = new Set(['channel_join', 'channel_leave', 'group_join', 'group_leave', 'channel_topic', 'channel_purpose', 'channel_name', 'channel_archive', 'channel_unarchive']);

/**
 * Everything a page shows about messages, in three queries whatever the page
 * size: reactions, files, and the names of authors and reactors. Names are in
 * the page's language where the archive has words for them (« Ancien membre » / "Former member").
 */
export async function loadMessageViews(db: Db, rows: MessageRow[], locale: Locale = DEFAULT_LOCALE): Promise<MessageView[]> {
  const byChannel = new Map<string, string[]>();
  for (const row of rows) byChannel.set(row.channelId, [...(byChannel.get(row.channelId) ?? []), row.ts]);
  const reactionRows: (typeof reactions.$inferSelect)[] = [];
  const fileRows: (typeof files.$inferSelect)[] = [];
  for (const [channelId, tsList] of byChannel) {
    reactionRows.push(...(await db.select().from(reactions).where(and(eq(reactions.channelId, channelId), inArray(reactions.ts, tsList)))));
    fileRows.push(...(await db.select().from(files).where(and(eq(files.channelId, channelId), inArray(files.ts, tsList))).orderBy(files.position)));
  }
  const reactors = reactionRows.flatMap((reaction) => JSON.parse(reaction.userIds) as string[]);
  const mentioned = rows.flatMap((row) => mentionedIds(row.html));
  const names = await loadPeople(db, [...rows.map((row) => row.userId ?? ''), ...reactors, ...mentioned], locale);
  const renamed = new Set(mentioned.filter((id) => names.get(id)?.pseudonymised));
  const hidden = await hiddenAmong(db, rows);
  const key = (channelId: string, ts: string) => `${channelId} ${ts}`;
  const reactionsOf = Map.groupBy(reactionRows, (reaction) => key(reaction.channelId, reaction.ts));
  const filesOf = Map.groupBy(fileRows, (file) => key(file.channelId, file.ts));

  return rows.map((row) => {
    if (hidden.has(`${row.channelId} ${row.ts}`)) return hiddenView(row);
    const person = row.userId ? names.get(row.userId) : undefined;
    const fallbackName = row.authorName ?? row.userId ?? row.botId ?? '?';
    return {
      channelId: row.channelId,
      ts: row.ts,
      tsMs: row.tsMs,
      // Bots post under the name they chose at the time; people under their profile's name.
      author: person && !row.botId ? person : { id: row.userId ?? row.botId ?? '', name: fallbackName, initials: initialsOf(fallbackName), isBot: Boolean(row.botId), isDeleted: false },
      html: renameMentions(row.html, renamed, PSEUDONYM[locale]),
      plain: row.plain,
      attachmentsHtml: row.attachmentsHtml,
      subtype: row.subtype,
      isEvent: row.subtype !== null && EVENT_SUBTYPES.has(row.subtype),
      event: eventOf(row),
      threadTs: row.threadTs,
      isReply: row.threadTs !== null && row.threadTs !== row.ts,
      replyCount: row.replyCount,
      rootMissing: row.rootMissing,
      edited: row.editedTs !== null,
      isTombstone: row.isTombstone,
      reactions: (reactionsOf.get(key(row.channelId, row.ts)) ?? []).map((reaction) => ({
        emoji: reaction.emoji,
        glyph: emojiFromShortcode(reaction.emoji) ?? null,
        count: reaction.count,
        people: (JSON.parse(reaction.userIds) as string[]).map((id) => names.get(id)?.name ?? id),
      })),
      files: (filesOf.get(key(row.channelId, row.ts)) ?? []).map((file) => ({
        name: file.name,
        title: file.title,
        type: file.filetype ?? file.mimetype,
        size: file.size,
        mode: file.mode,
      })),
    };
  });
}

function eventOf(row: MessageRow): MessageView['event'] {
  const event = systemEvent(row.subtype, row.text);
  if (event && 'value' in event) return { ...event, valueHtml: renderChannelText(event.value).html };
  return event;
}

/**
 * A message its author hid: its place in the conversation stays (replies keep their thread),
 * nothing of its words, author, files or reactions. The words are in both languages: this
 * module does not know the reader's.
 */
function hiddenView(row: MessageRow): MessageView {
  return {
    channelId: row.channelId,
    ts: row.ts,
    tsMs: row.tsMs,
    author: { id: '', name: '—', initials: '—', isBot: false, isDeleted: false },
    html: '<p class="hidden-message"><em lang="fr">Message masqué par son auteur</em> · <em lang="en">Message hidden by its author</em></p>',
    plain: '',
    attachmentsHtml: null,
    subtype: null,
    isEvent: false,
    event: null,
    threadTs: row.threadTs,
    isReply: row.threadTs !== null && row.threadTs !== row.ts,
    replyCount: row.replyCount,
    rootMissing: row.rootMissing,
    edited: false,
    isTombstone: false,
    hidden: true,
    reactions: [],
    files: [],
  };
}
