import { addDays, pacificDateOf, weekdayOf } from '../../synthetic-export/pacific-days.ts';
import { createRandom, type Random } from '../../synthetic-export/seeded-random.ts';
import { hexString, slackId, uuid } from '../../synthetic-export/slack-ids.ts';
import {
  ENGLISH_CLOSERS,
  ENGLISH_CONTEXTS,
  ENGLISH_CONVERSATIONS,
  ENGLISH_INTERJECTIONS,
  ENGLISH_ONE_LINERS,
  ENGLISH_OPENERS,
  ENGLISH_REPLY_LEADS,
} from './bank-en.ts';
import {
  FRENCH_CLOSERS,
  FRENCH_CONTEXTS,
  FRENCH_CONVERSATIONS,
  FRENCH_INTERJECTIONS,
  FRENCH_ONE_LINERS,
  FRENCH_OPENERS,
  FRENCH_REMINDERS,
  FRENCH_REPLY_LEADS,
} from './bank-fr.ts';
import type { Conversation, Language } from './conversation.ts';
import { fillSlot, type SlotContext } from './slots.ts';

/**
 * The demo's busiest channel, written by its members from the hand-written
 * bank of conversations (bank-fr.ts, bank-en.ts): questions answered in
 * threads, follow-ups days later, announcements, outages, small talk, with
 * links, code, files, reactions, edits and the odd typo. Deterministic: the
 * same seed and people give the same day files, byte for byte.
 */

export interface Person {
  id: string;
  name: string;
  /** How much they write, relative to the others: a few people answer most questions. */
  activity: number;
  profile: {
    avatar_hash: string;
    image_72: string;
    first_name: string;
    real_name: string;
    display_name: string;
    team: string;
  };
}

export interface DiscussionSettings {
  seed: number;
  /** 'YYYY-MM-DD', inclusive. */
  firstDay: string;
  lastDay: string;
  teamId: string;
  /** Who writes in the channel (its members). */
  people: readonly Person[];
  bot: { username: string; botId: string; appId: string };
}

type SlackMessage = Record<string, unknown> & { ts: string };

const FRENCH_SHARE = 0.72;
const TYPO_SHARE = 0.04;
const EDITED_SHARE = 0.03;
const SECOND = 1_000_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Slack writes emoji in text as their short names. */
const EMOJI_NAMES: Record<string, string> = {
  '🙏': 'pray',
  '😅': 'sweat_smile',
  '🎉': 'tada',
  '😬': 'grimacing',
  '🙈': 'see_no_evil',
  '🙃': 'upside_down_face',
  '🤦': 'man-facepalming',
  '🙂': 'slightly_smiling_face',
  '😄': 'smile',
  '🙌': 'raised_hands',
  '👍': '+1',
};

const THANKS_REACTIONS = ['+1', 'heart', 'merci', 'pray', 'white_check_mark', 'raised_hands'];

export function generateDiscussions(settings: DiscussionSettings): Map<string, SlackMessage[]> {
  const random = createRandom(settings.seed);
  const days = new Map<string, SlackMessage[]>();
  const add = (message: SlackMessage) => {
    const day = pacificDateOf(Number(message.ts.split('.')[0]) * 1000);
    if (day > settings.lastDay) return;
    (days.get(day) ?? days.set(day, []).get(day)!).push(message);
  };
  const writer = new MessageWriter(random, settings);

  // Everyone joins the morning the channel opens.
  let at = dayStart(settings.firstDay) + 13 * HOUR;
  for (const person of settings.people) {
    at += random.between(1, 20) * MINUTE + random.below(SECOND);
    add({ type: 'message', subtype: 'channel_join', text: `<@${person.id}> has joined the channel`, user: person.id, ts: slackTs(at) });
  }

  for (let day = settings.firstDay; day <= settings.lastDay; day = addDays(day, 1)) {
    const weekend = weekdayOf(day) === 0 || weekdayOf(day) === 6;
    // Quiet weekends, busier weekdays; a few days with nothing at all, as in any channel.
    const conversations = weekend ? (random.chance(0.55) ? 1 : 0) : random.chance(0.03) ? 0 : random.between(2, 5);
    const oneLiners = weekend ? (random.chance(0.3) ? 1 : 0) : random.between(0, 3);
    const starts = Array.from({ length: conversations + oneLiners }, () => dayStart(day) + workdayOffset(random)).sort((a, b) => a - b);
    const kinds = random.shuffled([...Array<'conversation'>(conversations).fill('conversation'), ...Array<'one'>(oneLiners).fill('one')]);
    starts.forEach((start, index) => {
      const messages = kinds[index] === 'conversation' ? writer.conversation(start) : [writer.oneLiner(start)];
      messages.forEach(add);
    });
    if (weekdayOf(day) === 1 && random.chance(0.45)) add(writer.reminder(dayStart(day) + 12 * HOUR + random.below(HOUR)));
  }
  for (const messages of days.values()) messages.sort((a, b) => compareTs(a.ts, b.ts));
  return new Map([...days].sort(([a], [b]) => a.localeCompare(b)));
}

/** Writes each message field by field, in the order Slack's exporter does. */
class MessageWriter {
  private readonly taken = new Set<string>();
  /** When each opening wording was last used: a community's FAQ comes back, but not every week. */
  private readonly lastAsked = new Map<string, number>();
  private readonly random: Random;
  private readonly settings: DiscussionSettings;

  constructor(random: Random, settings: DiscussionSettings) {
    this.random = random;
    this.settings = settings;
  }

  conversation(start: number): SlackMessage[] {
    const { random } = this;
    const language: Language = random.chance(FRENCH_SHARE) ? 'fr' : 'en';
    const [plan, opening] = this.freshOpening(language, start);
    const [asker, helper, third] = this.cast(3) as [Person, Person, Person];
    const filled = new Map<string, string>();
    const slots: SlotContext = { random, language, day: new Date(start / 1000) };
    const write = (wording: string) =>
      this.text(wording, (name) => {
        if (name === 'asker') return `<@${asker.id}>`;
        if (name === 'helper') return `<@${helper.id}>`;
        if (name === 'someone') return `<@${third.id}>`;
        if (!filled.has(name)) filled.set(name, fillSlot(name, slots) ?? unknownSlot(name));
        return filled.get(name)!;
      });

    const keep = Math.min(plan.replies.length, (plan.minReplies ?? 1) + runLength(random, plan.replies.length));
    const inThread = plan.inThread ?? random.chance(0.85);
    const root = this.message(asker, start, write(plan.personal === false ? opening : asked(random, language, opening)));
    if (random.chance(0.3)) root.reactions = this.reactions(plan.reactions ?? THANKS_REACTIONS, asker);
    const replies: SlackMessage[] = [];
    let at = start;
    for (let index = 0; index < keep; index++) {
      // The first answer comes from one person, a second voice sometimes joins, the asker thanks and follows up.
      const author = index === 0 ? helper : index === 1 ? (random.chance(0.6) ? third : helper) : asker;
      at += index === 3 ? random.between(2, 9) * 24 * HOUR + random.below(3 * HOUR) : random.between(2, 150) * MINUTE + random.below(MINUTE);
      const wording = random.pick(plan.replies[index]!);
      const reply = this.message(author, at, write(index === 0 ? answered(random, language, wording) : wording));
      if (!inThread && index === 0 && !String(reply.text).startsWith('<@')) reply.text = `<@${asker.id}> ${String(reply.text)}`;
      if (random.chance(0.12)) reply.reactions = this.reactions(THANKS_REACTIONS, author);
      // A follow-up after the export's last day was never written.
      if (pacificDateOf(at / 1000) <= this.settings.lastDay) replies.push(reply);
      if (inThread && index < 3 && random.chance(0.4)) {
        const bystander = random.pick(this.settings.people.filter((person) => person.id !== asker.id && person.id !== author.id));
        at += random.between(5, 240) * MINUTE;
        const aside = random.pick(language === 'fr' ? FRENCH_INTERJECTIONS : ENGLISH_INTERJECTIONS);
        if (pacificDateOf(at / 1000) <= this.settings.lastDay) replies.push(this.message(bystander, at, write(aside)));
      }
    }
    if (!inThread || replies.length === 0) return [root, ...replies];

    const replyUsers = [...new Set(replies.map((reply) => String(reply.user)))];
    const threaded: SlackMessage = {
      ...withoutReactions(root),
      thread_ts: root.ts,
      reply_count: replies.length,
      reply_users_count: replyUsers.length,
      latest_reply: replies.at(-1)!.ts,
      reply_users: replyUsers,
      is_locked: false,
      subscribed: false,
    };
    if (root.reactions) orderAfterFiles(threaded, root.reactions);
    return [threaded, ...replies.map((reply) => inThreadOf(reply, root.ts, asker.id))];
  }

  /** Different people, each drawn in proportion to how much they write. */
  private cast(count: number): Person[] {
    const left = [...this.settings.people];
    const cast: Person[] = [];
    while (cast.length < count) {
      let draw = this.random.next() * left.reduce((sum, person) => sum + person.activity, 0);
      const at = left.findIndex((person) => (draw -= person.activity) < 0);
      cast.push(...left.splice(at === -1 ? left.length - 1 : at, 1));
    }
    return cast;
  }

  /** A conversation and its opening wording, avoiding those asked in the last few weeks when it can. */
  private freshOpening(language: Language, start: number): [Conversation, string] {
    const plans = language === 'fr' ? FRENCH_CONVERSATIONS : ENGLISH_CONVERSATIONS;
    let choice: [Conversation, string] = [plans[0]!, plans[0]!.opening[0]!];
    for (let attempt = 0; attempt < 8; attempt++) {
      const plan = weightedPick(this.random, plans);
      choice = [plan, this.random.pick(plan.opening)];
      const last = this.lastAsked.get(choice[1]);
      if (last === undefined || start - last > 40 * 24 * HOUR) break;
    }
    this.lastAsked.set(choice[1], start);
    return choice;
  }

  oneLiner(at: number): SlackMessage {
    const { random } = this;
    const language: Language = random.chance(FRENCH_SHARE) ? 'fr' : 'en';
    const [author, other] = this.cast(2) as [Person, Person];
    const slots: SlotContext = { random, language, day: new Date(at / 1000) };
    const text = this.text(random.pick(language === 'fr' ? FRENCH_ONE_LINERS : ENGLISH_ONE_LINERS), (name) =>
      name === 'someone' ? `<@${other.id}>` : (fillSlot(name, slots) ?? unknownSlot(name)),
    );
    const message = this.message(author, at, text);
    if (random.chance(0.4)) message.reactions = this.reactions(['tada', 'heart', '+1', 'wave', 'joy'], author);
    return message;
  }

  reminder(at: number): SlackMessage {
    const { bot, teamId } = this.settings;
    return {
      type: 'message',
      subtype: 'bot_message',
      text: this.random.pick(FRENCH_REMINDERS),
      ts: slackTs(this.uniqueAt(at)),
      username: bot.username,
      bot_id: bot.botId,
      bot_profile: { id: bot.botId, deleted: false, name: bot.username, updated: 1693235700, app_id: bot.appId, team_id: teamId },
    };
  }

  /** The text of a line with its slots filled, escaped as Slack exports it, links and files turned into Slack's. */
  private text(template: string, slot: (name: string) => string): { text: string; files: string[] } {
    const files: string[] = [];
    let text = template.replace(/\s*\{\{file:([^}]+)\}\}/g, (_, name: string) => {
      files.push(name);
      return '';
    });
    text = text.replace(/\{(\w+)\}/g, (_, name: string) => `\u0001${slot(name)}\u0002`);
    if (this.random.chance(TYPO_SHARE)) text = typo(this.random, text);
    text = text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
    // Slot values are trusted text: mentions stay Slack markup.
    text = text.replace(/\u0001([^\u0002]*)\u0002/g, (_, value: string) => value.replace(/&lt;(@U[A-Z0-9]+)&gt;/g, '<$1>'));
    text = text.replace(/\[\[([^\]|]+)(?:\|([^\]]+))?\]\]/g, (_, url: string, label?: string) => (label ? `<${url}|${label}>` : `<${url}>`));
    text = text.replace(/\p{Extended_Pictographic}/gu, (emoji) => {
      const name = EMOJI_NAMES[emoji];
      if (!name) throw new Error(`no Slack name for ${emoji}`);
      return `:${name}:`;
    });
    return { text, files };
  }

  private message(author: Person, at: number, content: { text: string; files: string[] }): SlackMessage {
    const { random } = this;
    const ts = slackTs(this.uniqueAt(at));
    const message: SlackMessage = {
      client_msg_id: uuid(random),
      type: 'message',
      text: content.text,
      user: author.id,
      ts,
    };
    // Slack adds team and user_profile to most messages; left out here they keep the demo's import (and every
    // test that imports it) quick, and importers must read messages without them anyway.
    if (random.chance(EDITED_SHARE)) message.edited = { user: author.id, ts: `${Number(ts.split('.')[0]) + random.between(20, 900)}.000000` };
    if (content.files.length > 0) {
      message.files = content.files.map((name) => this.file(name, author, Number(ts.split('.')[0])));
      message.upload = true;
      message.display_as_bot = false;
    }
    return message;
  }

  private file(name: string, author: Person, postedAt: number): Record<string, unknown> {
    const { random } = this;
    const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
    const kind = FILE_KINDS[extension];
    if (!kind) throw new Error(`no file kind for ${name}`);
    const id = slackId(random, 'F');
    const urlName = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9.-]+/g, '_');
    const url = `https://files.slack.com/files-pri/${this.settings.teamId}-${id}/${urlName}`;
    const token = `xoxe-${random.between(1_000_000_000, 9_999_999_999)}-${hexString(random, 32)}`;
    return {
      id,
      created: postedAt,
      timestamp: postedAt,
      name,
      title: name.slice(0, name.lastIndexOf('.')),
      mimetype: kind.mimetype,
      filetype: extension,
      pretty_type: kind.pretty,
      user: author.id,
      size: random.between(kind.size[0], kind.size[1]),
      mode: 'hosted',
      is_external: false,
      is_public: true,
      url_private: `${url}?t=${token}`,
      url_private_download: `https://files.slack.com/files-pri/${this.settings.teamId}-${id}/download/${urlName}?t=${token}`,
      permalink: `https://collectif-donnees-sante.slack.com/files/${author.id}/${id}/${urlName}`,
    };
  }

  private reactions(names: readonly string[], author: Person): Record<string, unknown>[] {
    const { random } = this;
    const others = this.settings.people.filter((person) => person.id !== author.id).map((person) => person.id);
    const chosen = random.shuffled(names).slice(0, random.chance(0.75) ? 1 : 2);
    return chosen.map((name) => {
      const users = random.shuffled(others).slice(0, random.between(1, Math.min(4, others.length)));
      return { name, users, count: users.length };
    });
  }

  /** Two messages never share a ts in a channel: it is their key. */
  private uniqueAt(at: number): number {
    let candidate = at - (at % SECOND) + this.random.below(SECOND);
    while (this.taken.has(slackTs(candidate))) candidate += 1;
    this.taken.add(slackTs(candidate));
    return candidate;
  }
}

const FILE_KINDS: Record<string, { mimetype: string; pretty: string; size: [number, number] }> = {
  pdf: { mimetype: 'application/pdf', pretty: 'PDF', size: [80_000, 4_000_000] },
  docx: {
    mimetype: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    pretty: 'Word Document',
    size: [20_000, 400_000],
  },
  png: { mimetype: 'image/png', pretty: 'PNG', size: [40_000, 900_000] },
};

function weightedPick(random: Random, plans: readonly Conversation[]): Conversation {
  const total = plans.reduce((sum, plan) => sum + (plan.weight ?? 1), 0);
  let left = random.next() * total;
  for (const plan of plans) {
    left -= plan.weight ?? 1;
    if (left < 0) return plan;
  }
  return plans.at(-1)!;
}

/** A question as people ask it: sometimes a greeting before, a thank-you after. */
function asked(random: Random, language: Language, wording: string): string {
  if (!wording.includes('?')) return wording;
  let text = wording;
  if (random.chance(0.55)) {
    const context = random.pick(language === 'fr' ? FRENCH_CONTEXTS : ENGLISH_CONTEXTS);
    const cut = /^(bonjour|salut|hi|hey)\b/i.test(wording) ? wording.search(/[!,]/) + 2 : 0;
    const rest = wording.slice(cut);
    text = wording.slice(0, cut) + (/[,:]$/.test(context) ? withLead(`${context} `, rest) : `${context} ${rest}`);
  } else if (random.chance(0.5) && !/^(quick |petite )?question/i.test(wording)) {
    const greeting = random.pick(language === 'fr' ? FRENCH_OPENERS : ENGLISH_OPENERS);
    // Nobody greets twice: "Bonjour ! Première demande…" keeps its own.
    if (!/^(bonjour|salut|hi|hey)\b/i.test(wording)) text = withLead(greeting, text);
  }
  if (random.chance(0.3) && /[?.]$/.test(text)) text += random.pick(language === 'fr' ? FRENCH_CLOSERS : ENGLISH_CLOSERS);
  return text;
}

/** An answer, sometimes begun the way people begin one. */
function answered(random: Random, language: Language, wording: string): string {
  if (wording.startsWith('{') || !random.chance(0.3)) return wording;
  return withLead(random.pick(language === 'fr' ? FRENCH_REPLY_LEADS : ENGLISH_REPLY_LEADS), wording);
}

/** "Bonjour, quelqu'un…" but "Bonjour, REDCap…": a capital stays when the word is a name. */
function withLead(lead: string, text: string): string {
  const lowered = /[,:] $/.test(lead) && /^\p{Lu}\p{Ll}/u.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
  return lead + lowered;
}

/** How many optional replies follow the required ones: each one more likely than not. */
function runLength(random: Random, max: number): number {
  let count = 0;
  while (count < max && random.chance(0.72)) count++;
  return count;
}

/** People type fast: a swapped pair of letters, or French typed without its accents. */
function typo(random: Random, text: string): string {
  if (random.chance(0.4) && /[àâéèêëîïôùûç]/.test(text)) {
    return text.replace(/\u0001[^\u0002]*\u0002|\[\[[^\]]*\]\]|`[^`]*`|[àâéèêëîïôùûç]/g, (match) =>
      match.length === 1 ? match.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : match,
    );
  }
  const words = [...text.matchAll(/(?<=^|\s)[a-zàâéèêëîïôùûç]{6,}(?=[\s,.!?]|$)/gi)];
  if (words.length === 0) return text;
  const word = random.pick(words);
  const at = random.between(1, word[0].length - 3);
  const swapped = word[0].slice(0, at) + word[0][at + 1] + word[0][at] + word[0].slice(at + 2);
  return text.slice(0, word.index) + swapped + text.slice(word.index! + word[0].length);
}

function inThreadOf(reply: SlackMessage, threadTs: string, parentUserId: string): SlackMessage {
  const { reactions, ...fields } = reply;
  const threaded: SlackMessage = { ...fields, thread_ts: threadTs, parent_user_id: parentUserId };
  if (reactions) threaded.reactions = reactions;
  return threaded;
}

function withoutReactions(message: SlackMessage): SlackMessage {
  const { reactions: _, ...fields } = message;
  return fields as SlackMessage;
}

/** Slack writes reactions after the files and before the thread fields. */
function orderAfterFiles(threaded: SlackMessage, reactions: unknown): void {
  const entries = Object.entries(threaded);
  const at = entries.findIndex(([key]) => key === 'thread_ts');
  entries.splice(at, 0, ['reactions', reactions]);
  for (const key of Object.keys(threaded)) delete threaded[key];
  Object.assign(threaded, Object.fromEntries(entries));
}

function unknownSlot(name: string): never {
  throw new Error(`the conversation bank uses an unknown slot {${name}}`);
}

/** A time in the working day, Toronto's 8:30 to 18:00 read as UTC 12:30 to 22:00. */
function workdayOffset(random: Random): number {
  return 12 * HOUR + 30 * MINUTE + random.below(9.5 * HOUR);
}

function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) * 1000;
}

function slackTs(at: number): string {
  return `${Math.floor(at / SECOND)}.${String(at % SECOND).padStart(6, '0')}`;
}

function compareTs(a: string, b: string): number {
  const [as, af] = a.split('.').map(Number) as [number, number];
  const [bs, bf] = b.split('.').map(Number) as [number, number];
  return as - bs || af - bf;
}
