import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_EXPORT } from '../seed-demo.ts';
import { demoDiscussionFiles, DISCUSSIONS_CHANNEL } from './demo-discussions.ts';

interface Message {
  type: string;
  subtype?: string;
  text: string;
  user?: string;
  ts: string;
  thread_ts?: string;
  reply_count?: number;
  reply_users?: string[];
  latest_reply?: string;
  parent_user_id?: string;
}

const folder = path.join(DEMO_EXPORT, DISCUSSIONS_CHANNEL);
const files = demoDiscussionFiles(DEMO_EXPORT);
const messages = [...files.values()].flatMap((content) => JSON.parse(content) as Message[]);

describe('the demo discussions', () => {
  it('are the committed day files, byte for byte (run npm run demo:generate after changing the bank)', () => {
    expect(fs.readdirSync(folder).sort()).toEqual([...files.keys()]);
    for (const [name, content] of files) expect(fs.readFileSync(path.join(folder, name), 'utf8'), name).toBe(content);
  });

  it('come out the same on every run', () => {
    expect(demoDiscussionFiles(DEMO_EXPORT)).toEqual(files);
  });

  it('keep the size and span of a busy channel', () => {
    expect(messages.length).toBeGreaterThan(2500);
    expect(files.size).toBeGreaterThan(200);
    expect([...files.keys()][0]).toBe('2023-06-01.json');
  });

  it('give every thread root the summary of the replies it has', () => {
    const replies = new Map<string, Message[]>();
    for (const message of messages)
      if (message.thread_ts && message.thread_ts !== message.ts)
        (replies.get(message.thread_ts) ?? replies.set(message.thread_ts, []).get(message.thread_ts)!).push(message);
    const roots = messages.filter((message) => message.thread_ts === message.ts);
    expect(roots.length).toBeGreaterThan(300);
    for (const root of roots) {
      const own = replies.get(root.ts) ?? [];
      expect(root.reply_count, root.ts).toBe(own.length);
      expect(root.latest_reply).toBe(own.map((reply) => reply.ts).sort().at(-1));
      expect(new Set(root.reply_users)).toEqual(new Set(own.map((reply) => reply.user)));
      for (const reply of own) expect(reply.parent_user_id).toBe(root.user);
    }
    expect([...replies.keys()].every((ts) => roots.some((root) => root.ts === ts))).toBe(true);
  });

  it('read as people write: French and English sentences, no slot left unfilled, Slack escaping', () => {
    const texts = messages.filter((message) => !message.subtype).map((message) => message.text);
    expect(new Set(messages.map((message) => message.ts)).size).toBe(messages.length);
    expect(texts.filter((text) => /\b(les|des|pour|est)\b/.test(text)).length).toBeGreaterThan(texts.length / 3);
    expect(texts.some((text) => /\b(the|and|with)\b/.test(text))).toBe(true);
    for (const text of texts) {
      expect(text).not.toMatch(/\{\w+\}|\[\[|\u0001|\u0002/);
      // Slack escapes these three in text; what remains is its own markup: <@U…>, <https://…|label>.
      expect(text.replace(/<(@U[A-Z0-9]+|https:\/\/[^>|\s]+(\|[^>]+)?)>/g, '')).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
    }
  });
});
