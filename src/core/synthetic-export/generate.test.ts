import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExportFolder, writeExportZip } from './generate.ts';
import type { GeneratedSummary } from './generation.ts';
import { readZipEntries } from '../../../tests/support/read-zip-entries.ts';
import type { SlackChannel, SlackMessage, SlackUser } from './slack-export-types.ts';

/** Independent of pacific-days.ts on purpose: the test checks it. */
const losAngelesDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' });
const dateOfTs = (ts: string): string => losAngelesDate.format(Number(ts.split('.')[0]) * 1000);
const share = (part: number, whole: number): number => part / whole;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'synthetic-export-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeExportZip', () => {
  it('writes the same bytes for the same seed, other bytes for another', async () => {
    const [first, again, other] = ['first.zip', 'again.zip', 'other.zip'].map((name) => join(dir, name)) as [string, string, string];
    await writeExportZip(first, { messages: 3000 });
    await writeExportZip(again, { messages: 3000, seed: 1 });
    await writeExportZip(other, { messages: 3000, seed: 2 });
    const bytes = await Promise.all([first, again, other].map((path) => readFile(path)));
    expect(bytes[0]?.equals(bytes[1] as Buffer)).toBe(true);
    expect(bytes[0]?.equals(bytes[2] as Buffer)).toBe(false);
  });

  it('rejects a message count that is not a positive integer', async () => {
    await expect(writeExportZip(join(dir, 'none.zip'), { messages: 0 })).rejects.toThrow(/messages must be an integer/);
    await expect(writeExportZip(join(dir, 'half.zip'), { messages: 2.5 })).rejects.toThrow(RangeError);
  });
});

describe('a generated export', () => {
  const MESSAGES = 20_000;
  let summary: GeneratedSummary;
  let files: Map<string, Buffer>;
  let users: SlackUser[];
  let channels: SlackChannel[];
  let groups: SlackChannel[];
  /** Every day file's messages, by path. */
  let days: Map<string, SlackMessage[]>;
  let messages: Array<SlackMessage & { folder: string; date: string }>;

  beforeAll(async () => {
    const path = join(dir, 'export.zip');
    summary = await writeExportZip(path, { messages: MESSAGES });
    files = await readZipEntries(path);
    const json = (name: string): unknown => JSON.parse(files.get(name)?.toString() ?? 'null');
    users = json('users.json') as SlackUser[];
    channels = json('channels.json') as SlackChannel[];
    groups = json('groups.json') as SlackChannel[];
    days = new Map(
      [...files].filter(([name]) => name.includes('/')).map(([name, data]) => [name, JSON.parse(data.toString()) as SlackMessage[]]),
    );
    messages = [...days].flatMap(([name, list]) => {
      const [folder = '', file = ''] = name.split('/');
      return list.map((message) => ({ ...message, folder, date: file.replace('.json', '') }));
    });
  });

  it('has the files of a Slack export, all of them JSON', () => {
    for (const name of ['users.json', 'channels.json', 'groups.json', 'dms.json', 'mpims.json', 'integration_logs.json'])
      expect(files.has(name)).toBe(true);
    for (const name of ['dms.json', 'mpims.json', 'integration_logs.json'])
      expect(JSON.parse(files.get(name)?.toString() ?? '')).toEqual([]);
    for (const [name, data] of files) {
      expect(() => JSON.parse(data.toString()), name).not.toThrow();
      if (name.includes('/')) expect(name).toMatch(/^[^/]+\/\d{4}-\d{2}-\d{2}\.json$/);
    }
  });

  it('escapes JSON the way Slack does: \\/ and \\u00e9, four-space indents, ASCII only', () => {
    const text = [...files.values()].map((data) => data.toString('latin1')).join('');
    expect(text).toContain('https:\\/\\/');
    expect(text).toContain('\\u00e9');
    expect(text).toMatch(/^\[\n {4}\{\n {8}"/m);
    expect(/[^\x00-\x7f]/.test(text)).toBe(false);
  });

  it('counts what it wrote', () => {
    expect(messages.length).toBe(MESSAGES);
    expect(summary.messages).toBe(MESSAGES);
    expect(summary.replies).toBe(messages.filter((message) => message.thread_ts !== undefined && message.thread_ts !== message.ts).length);
    expect(summary.threads).toBe(messages.filter((message) => message.reply_count !== undefined).length);
    expect(summary.files).toBe(messages.reduce((total, message) => total + (message.files?.length ?? 0), 0));
    expect(summary.people).toBe(users.length);
    expect(summary.channels).toBe(channels.length + groups.length);
    expect(summary.days).toBe(730);
  });

  it('lists people as users.json does', () => {
    expect(users.length).toBe(10);
    const ids = users.map((user) => user.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const user of users) {
      expect(user.id).toMatch(/^U[0-9A-Z]{10}$/);
      expect(user.team_id).toMatch(/^T[0-9A-Z]{10}$/);
      expect(user.tz).toBe('America/Toronto');
      expect(user.profile.real_name).toBe(user.real_name);
      expect(typeof user.name).toBe('string');
      if (user.profile.email !== undefined) expect(user.profile.email).toMatch(/@example\.(org|com|net)$/);
      if (user.profile.image_72 !== undefined) expect(user.profile.image_72).toBe(`https://avatars.example.org/${user.id}.png`);
    }
    expect(users.filter((user) => user.is_bot)).toHaveLength(1);
    expect(users.some((user) => user.deleted)).toBe(true);
    expect(users.some((user) => user.is_restricted)).toBe(true);
    expect(users.filter((user) => !user.is_bot && user.profile.email === undefined)).toHaveLength(3);
    expect(users.some((user) => /[^\x00-\x7f]/.test(user.real_name))).toBe(true);
  });

  it('lists public channels, #general first, and one private channel', () => {
    const userIds = new Set(users.map((user) => user.id));
    expect(channels.length).toBe(4);
    expect(channels[0]?.name).toBe('general');
    expect(channels.filter((channel) => channel.is_general).map((channel) => channel.name)).toEqual(['general']);
    expect(channels.map((channel) => channel.name)).toContain('événements');
    for (const channel of [...channels, ...groups]) {
      expect(channel.id).toMatch(/^C[0-9A-Z]{10}$/);
      expect(channel.name).toMatch(/^[\p{Ll}0-9]+(-[\p{Ll}0-9]+)*$/u);
      expect(channel.members.length).toBeGreaterThan(0);
      for (const member of channel.members) expect(userIds.has(member)).toBe(true);
      expect(channel.topic).toEqual({ value: expect.any(String), creator: channel.creator, last_set: expect.any(Number) });
      expect(channel.purpose).toEqual({ value: expect.any(String), creator: channel.creator, last_set: expect.any(Number) });
    }
    expect(groups).toHaveLength(1);
    expect(groups[0]?.is_private).toBe(true);
    const folders = new Set([...days.keys()].map((name) => name.split('/')[0]));
    expect(folders).toEqual(new Set([...channels, ...groups].map((channel) => channel.name)));
  });

  it("files each message under its ts's date in Los Angeles, across DST changes", () => {
    for (const message of messages) expect(dateOfTs(message.ts), `${message.folder}/${message.date} ${message.ts}`).toBe(message.date);
    const evening = messages.find((message) => new Date(Number(message.ts.split('.')[0]) * 1000).getUTCHours() === 2);
    expect(evening?.date).toBe(new Date(Number(evening?.ts.split('.')[0]) * 1000 - 86_400_000).toISOString().slice(0, 10));
    const dates = new Set(messages.map((message) => message.date));
    for (const date of ['2019-03-10', '2019-03-11', '2019-11-03', '2019-11-04']) expect(dates.has(date)).toBe(true);
  });

  it('keeps ts unique in a channel and increasing within a day file', () => {
    for (const [name, list] of days) {
      for (let i = 1; i < list.length; i++) expect(Number(list[i]?.ts) > Number(list[i - 1]?.ts), name).toBe(true);
      for (const message of list) expect(message.ts).toMatch(/^\d{10}\.\d{6}$/);
    }
    const byChannel = Map.groupBy(messages, (message) => message.folder);
    for (const list of byChannel.values()) expect(new Set(list.map((message) => message.ts)).size).toBe(list.length);
  });

  it('shapes threads as Slack does, with replies on later days and a few orphans', () => {
    const exportStart = Math.min(...messages.map((message) => Number(message.ts)));
    let orphans = 0;
    let laterDay = 0;
    for (const [folder, list] of Map.groupBy(messages, (message) => message.folder)) {
      const byTs = new Map(list.map((message) => [message.ts, message]));
      const replies = list.filter((message) => message.thread_ts !== undefined && message.thread_ts !== message.ts);
      for (const reply of replies) {
        const root = byTs.get(reply.thread_ts ?? '');
        if (root === undefined) {
          orphans++;
          expect(Number(reply.thread_ts)).toBeLessThan(exportStart);
          continue;
        }
        expect(reply.parent_user_id, folder).toBe(root.user);
        expect(Number(reply.ts)).toBeGreaterThan(Number(root.ts));
        expect(Number(reply.ts) - Number(root.ts)).toBeLessThanOrEqual(3 * 86400);
        if (reply.date !== root.date) laterDay++;
      }
      const repliesByRoot = Map.groupBy(replies, (reply) => reply.thread_ts ?? '');
      for (const root of list.filter((message) => message.reply_count !== undefined)) {
        const own = repliesByRoot.get(root.ts) ?? [];
        expect(root.thread_ts).toBe(root.ts);
        expect(root.reply_count).toBe(own.length);
        expect(new Set(root.reply_users)).toEqual(new Set(own.map((reply) => reply.user)));
        expect(root.reply_users_count).toBe(root.reply_users?.length);
        expect(root.latest_reply).toBe(own.at(-1)?.ts);
      }
    }
    const replies = summary.replies;
    expect(share(replies, MESSAGES)).toBeGreaterThan(0.22);
    expect(share(replies, MESSAGES)).toBeLessThan(0.28);
    expect(orphans).toBeGreaterThan(0);
    expect(share(orphans, MESSAGES)).toBeLessThan(0.003);
    expect(laterDay).toBeGreaterThan(0);
  });

  it('has reactions, edits, files, joins and bot posts in realistic proportions', () => {
    const withReactions = messages.filter((message) => message.reactions !== undefined);
    expect(share(withReactions.length, MESSAGES)).toBeGreaterThan(0.12);
    expect(share(withReactions.length, MESSAGES)).toBeLessThan(0.18);
    for (const message of withReactions) {
      for (const reaction of message.reactions ?? []) expect(reaction.count).toBe(reaction.users.length);
    }
    expect(withReactions.some((message) => message.reactions?.some((reaction) => reaction.name.includes('::skin-tone-')))).toBe(true);
    const edited = messages.filter((message) => message.edited !== undefined).length;
    expect(share(edited, MESSAGES)).toBeGreaterThan(0.02);
    expect(share(edited, MESSAGES)).toBeLessThan(0.04);
    const withFiles = messages.filter((message) => message.files !== undefined);
    expect(share(withFiles.length, MESSAGES)).toBeGreaterThan(0.01);
    expect(share(withFiles.length, MESSAGES)).toBeLessThan(0.03);
    for (const file of withFiles.flatMap((message) => message.files ?? [])) {
      expect(file.mode).toBe('hosted');
      expect(file.url_private).toMatch(/^https:\/\/files\.slack\.com\/files-pri\/T[0-9A-Z]+-F[0-9A-Z]+\/[^/?]+\?t=xoxe-/);
    }
    const joins = messages.filter((message) => message.subtype === 'channel_join').length;
    expect(share(joins, MESSAGES)).toBeGreaterThan(0.005);
    expect(share(joins, MESSAGES)).toBeLessThan(0.015);
    const bot = users.find((user) => user.is_bot);
    const botPosts = messages.filter((message) => message.subtype === 'bot_message');
    expect(botPosts.length).toBeGreaterThan(0);
    for (const post of botPosts) expect(post.bot_id).toBe(bot?.profile.bot_id);
  });

  it('writes French and English mrkdwn with mentions, links and formatting', () => {
    const texts = messages.map((message) => message.text);
    const userIds = new Set(users.map((user) => user.id));
    const channelIds = new Set(channels.map((channel) => channel.id));
    const words = texts.map((text) => text.split(/\s+/).length);
    expect(
      Math.min(
        ...words.filter((count, index) => count > 0 && messages[index]?.subtype === undefined && messages[index]?.files === undefined),
      ),
    ).toBeGreaterThanOrEqual(3);
    for (const pattern of [
      /<@U[0-9A-Z]{10}>/,
      /<#C[0-9A-Z]{10}\|[^>]+>/,
      /<https:\/\/example\.(org|com)\/[^|>]+\|[^>]+>/,
      /\*[^*\s]+\*/,
      /_[^_\s]+_/,
      /`[^`]+`/,
      /:[a-z0-9_+-]+:/,
      /\b[ldjc]'\p{L}/u,
      /[éèàçô]/,
      /&amp;/,
    ]) {
      expect(
        texts.some((text) => pattern.test(text)),
        String(pattern),
      ).toBe(true);
    }
    for (const text of texts) {
      for (const [, id] of text.matchAll(/<@(U[0-9A-Z]{10})>/g)) expect(userIds.has(id ?? '')).toBe(true);
      for (const [, id] of text.matchAll(/<#(C[0-9A-Z]{10})\|/g)) expect(channelIds.has(id ?? '')).toBe(true);
    }
    const french = texts.filter((text) => /\b(de|la|le|et|les|des)\b/.test(text)).length;
    const english = texts.filter((text) => /\b(the|to|and|of)\b/.test(text)).length;
    expect(french).toBeGreaterThan(english);
  });

  it('writes the same files unzipped', async () => {
    const folder = join(dir, 'export-folder');
    await writeExportFolder(folder, { messages: MESSAGES });
    const written = await readdir(folder, { recursive: true, withFileTypes: true });
    const paths = written.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1));
    expect(new Set(paths)).toEqual(new Set(files.keys()));
    for (const [path, data] of files) expect((await readFile(join(folder, path))).equals(data), path).toBe(true);
  });
});

describe('writeExportFolder with onlyChannel', () => {
  it("writes only that channel's day files, by its members", async () => {
    const folder = join(dir, 'one-channel');
    const channel = { id: 'C0DEMO00001', name: 'grand-canal', members: ['U0DEMO00001', 'U0DEMO00002', 'U0DEMO00003'] };
    const summary = await writeExportFolder(folder, { messages: 2000, seed: 5, onlyChannel: channel });
    expect(await readdir(folder)).toEqual(['grand-canal']);
    const dayFiles = await readdir(join(folder, 'grand-canal'));
    const messages = (
      await Promise.all(
        dayFiles.map(async (name) => JSON.parse(await readFile(join(folder, 'grand-canal', name), 'utf8')) as SlackMessage[]),
      )
    ).flat();
    expect(messages).toHaveLength(2000);
    expect(summary).toMatchObject({ messages: 2000, channels: 1, people: 3 });
    for (const message of messages) {
      if (message.subtype !== 'bot_message') expect(channel.members).toContain(message.user);
      expect(message.user_profile).toBeUndefined();
      for (const [, id] of message.text.matchAll(/<@(U[0-9A-Z]+)>/g)) expect(channel.members).toContain(id);
      for (const [, id] of message.text.matchAll(/<#(C[0-9A-Z]+)\|/g)) expect(id).toBe(channel.id);
      for (const reaction of message.reactions ?? []) for (const user of reaction.users) expect(channel.members).toContain(user);
    }
  });
});
