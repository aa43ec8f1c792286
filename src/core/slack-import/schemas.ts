import { z } from 'zod';

/**
 * The parts of Slack's export format that Passerelle reads. Objects stay open
 * (Slack adds fields every year); only what we use is checked.
 */

const text = z.string().nullish();
const flag = z.boolean().nullish();
/**
 * Slack's ids are short runs of capitals and digits (C0123456789, U024BE7LH, W…,
 * USLACKBOT). Anything else is damage: taken as an id, it would become a channel
 * or a person of its own that a clean re-import could never recognise.
 */
const slackId = z.string().regex(/^[A-Z0-9]{1,32}$/, 'not a Slack id');

/**
 * Slack has written some numbers as strings in some years ("created": "1433558319"
 * in 2015): both spellings read as the number. Anything else does not fit.
 */
const slackNumber = z.union([z.number(), z.string().trim().regex(/^-?\d+(\.\d+)?$/).transform(Number)]).pipe(z.number());
const count = slackNumber.pipe(z.number().min(0)).nullish();
/** Seconds since 1970, up to the year 5138: `1e308` would become Infinity in milliseconds. */
const epochSeconds = slackNumber.pipe(z.number().min(0).max(1e11)).nullish();

const TS = /^\d{1,12}\.\d{1,9}$/;
/**
 * A Slack timestamp, "seconds.micro", the key of a message in its channel.
 * Written as a number in some exports (and without its fraction): read as the
 * string Slack means, with six decimals.
 */
const slackTs = z
  .union([
    z.string().trim().regex(/^\d{1,12}$/).transform((seconds) => `${seconds}.000000`),
    z.string().trim(),
    z.number().min(0).max(1e12).transform((seconds) => seconds.toFixed(6)),
  ])
  .pipe(z.string().regex(TS, { error: 'ts is not a Slack timestamp' }));

// People and channels keep only the fields read here: unknown fields, however deep, are dropped at once.
export const slackProfileSchema = z.object({
  real_name: text,
  display_name: text,
  email: text,
  title: text,
  image_72: text,
  image_192: text,
  image_48: text,
});

export const slackUserSchema = z.object({
  id: slackId,
  team_id: text,
  name: text,
  real_name: text,
  deleted: flag,
  is_bot: flag,
  is_app_user: flag,
  is_restricted: flag,
  is_ultra_restricted: flag,
  tz: text,
  profile: slackProfileSchema.nullish(),
});
export type SlackUser = z.infer<typeof slackUserSchema>;

const topicSchema = z.object({ value: text }).nullish();

export const slackChannelSchema = z.object({
  id: slackId,
  name: text,
  created: epochSeconds,
  creator: text,
  user: text,
  is_archived: flag,
  is_general: flag,
  members: z.array(z.string()).nullish(),
  topic: topicSchema,
  purpose: topicSchema,
});
export type SlackChannel = z.infer<typeof slackChannelSchema>;

export const slackFileSchema = z.looseObject({
  id: text,
  name: text,
  title: text,
  mimetype: text,
  filetype: text,
  pretty_type: text,
  size: count,
  mode: text,
  url_private: text,
  permalink: text,
});
export type SlackFile = z.infer<typeof slackFileSchema>;

export const slackAttachmentFieldSchema = z.looseObject({ title: text, value: text });

export const slackAttachmentSchema = z.looseObject({
  fallback: text,
  pretext: text,
  author_name: text,
  title: text,
  title_link: text,
  text: text,
  footer: text,
  fields: z.array(slackAttachmentFieldSchema).nullish(),
});
export type SlackAttachment = z.infer<typeof slackAttachmentSchema>;

export const slackMessageSchema = z.looseObject({
  type: text,
  subtype: text,
  ts: slackTs,
  user: text,
  bot_id: text,
  username: text,
  text: text,
  thread_ts: slackTs.nullish(),
  edited: z.looseObject({ user: text, ts: slackTs.nullish() }).nullish(),
  reactions: z.array(z.looseObject({ name: z.string(), users: z.array(z.string()).nullish(), count })).nullish(),
  files: z.array(slackFileSchema).nullish(),
  /** 2015–16 exports: one file per message, and comments on files as their own messages. */
  file: slackFileSchema.nullish(),
  comment: z.looseObject({ comment: text, user: text }).nullish(),
  attachments: z.array(slackAttachmentSchema).nullish(),
  bot_profile: z.looseObject({ name: text }).nullish(),
  user_profile: z.looseObject({ real_name: text, display_name: text, name: text, image_72: text }).nullish(),
  /** Old exports name the author beside their id. */
  user_name: text,
});
export type SlackMessage = z.infer<typeof slackMessageSchema>;

export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`).join('; ');
}
