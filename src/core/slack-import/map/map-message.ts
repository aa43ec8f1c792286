import { hash } from 'node:crypto';
import type { files, messages, reactions } from '../../db/schema/archive.ts';
import { linkableUrl } from '../../mrkdwn/links.ts';
import { renderMrkdwn } from '../../mrkdwn/render.ts';
import { stripSlackSecrets, stripSlackSecretsFrom } from '../../text/slack-secrets.ts';
import { renderAttachments } from './render-attachments.ts';
import type { RenderContext } from './render-context.ts';
import type { SlackFile, SlackMessage } from '../schemas.ts';

export type MessageRow = typeof messages.$inferInsert;
export type ReactionRow = typeof reactions.$inferInsert;
export type FileRow = typeof files.$inferInsert;

export interface MappedMessage {
  message: MessageRow;
  reactions: ReactionRow[];
  files: FileRow[];
}

const LINK_IN_MRKDWN = /<(?:https?|mailto):/i;

/** Slack's "seconds.micro" as milliseconds, rounded like Mattermost's importer does. */
export function tsToMillis(ts: string): number {
  return Math.round(Number(ts) * 1000);
}

/** linkableUrl strips Slack secrets from the links it accepts. */
function safeUrl(raw: string | null | undefined): string | null {
  return raw ? (linkableUrl(raw) ?? null) : null;
}

function mapFile(channelId: string, ts: string, file: SlackFile, position: number): FileRow {
  return {
    channelId,
    ts,
    position,
    fileId: file.id ?? null,
    name: stripSlackSecretsFrom(file.name) ?? null,
    title: stripSlackSecretsFrom(file.title) ?? null,
    mimetype: file.mimetype ?? null,
    filetype: file.filetype ?? null,
    size: typeof file.size === 'number' ? file.size : null,
    mode: file.mode ?? null,
    url: safeUrl(file.url_private),
    permalink: safeUrl(file.permalink),
  };
}

/**
 * One message of a day file as rows of the archive. Pure: same input, same rows.
 * Every text the rows store is free of Slack secrets (text/slack-secrets.ts): the
 * source text before it is rendered, and what rendering made of it and of the
 * attachments, whatever they spelled.
 */
export function mapMessage(channelId: string, source: SlackMessage, context: RenderContext): MappedMessage {
  const { ts } = source;
  const isTombstone = source.subtype === 'tombstone';
  const isFileComment = source.subtype === 'file_comment' && source.comment != null;
  const text = isTombstone ? '' : stripSlackSecrets((isFileComment ? source.comment?.comment : source.text) ?? '');
  const rendered = renderMrkdwn(text, context.resolver);
  const attachments = source.attachments?.length ? renderAttachments(source.attachments, context.resolver) : undefined;

  const sourceFiles = source.files ?? (source.file ? [source.file] : []);
  const fileRows = sourceFiles.map((file, position) => mapFile(channelId, ts, file, position));
  // Keyed by emoji: a reaction listed twice would break the (message, emoji) key.
  const reactionsByEmoji = new Map<string, ReactionRow>();
  for (const reaction of source.reactions ?? []) {
    const users = reaction.users ?? [];
    reactionsByEmoji.set(reaction.name, { channelId, ts, emoji: reaction.name, count: Math.max(users.length, reaction.count ?? 0), userIds: JSON.stringify(users) });
  }
  const reactionRows = [...reactionsByEmoji.values()];

  const plain = [rendered.text, attachments?.text, ...fileRows.map((file) => file.title ?? file.name)].filter(Boolean).join('\n');
  const authorName =
    source.username ?? source.bot_profile?.name ?? source.user_profile?.display_name ?? source.user_profile?.real_name ?? null;

  return {
    message: {
      channelId,
      ts,
      tsMs: tsToMillis(ts),
      userId: (isFileComment ? source.comment?.user : source.user) ?? null,
      botId: source.bot_id ?? null,
      authorName: stripSlackSecretsFrom(authorName) || null,
      subtype: source.subtype ?? null,
      text,
      html: stripSlackSecrets(rendered.html),
      plain: stripSlackSecrets(plain),
      attachmentsHtml: stripSlackSecretsFrom(attachments?.html) ?? null,
      threadTs: source.thread_ts ?? null,
      editedTs: source.edited?.ts ?? null,
      editedBy: source.edited?.user ?? null,
      isTombstone,
      hasFiles: fileRows.length > 0,
      hasLinks: LINK_IN_MRKDWN.test(text) || (source.attachments ?? []).some((a) => Boolean(a.title_link)),
      hasReactions: reactionRows.length > 0,
      sourceHash: hash('sha1', context.fingerprint + JSON.stringify(source), 'base64url'),
    },
    reactions: reactionRows,
    files: fileRows,
  };
}
