import { plainPhrase, pickLanguage } from './message-text.ts';
import type { Author, People } from './people.ts';
import type { Random } from './seeded-random.ts';
import type { SlackChannel, SlackChannelText } from './slack-export-types.ts';
import { uniqueSlackId } from './slack-ids.ts';
import { createWeightedPicker, type WeightedPicker } from './weighted-picker.ts';
import { wordList } from './word-list.ts';

/** What the generator needs to know about a channel to fill its history. */
export interface ChannelPlan {
  id: string;
  /** The channel's name, which is also its folder in the export. */
  name: string;
  /** Members, plus deactivated people who posted there before leaving. */
  authorPicker: WeightedPicker<Author>;
  /** Current members: who can be mentioned, react or join. */
  memberIds: readonly string[];
  /** Relative share of the workspace's messages. */
  weight: number;
  /** Index of the last day with new messages: archived channels went quiet. */
  lastActiveDay: number;
}

export interface Channels {
  publicChannels: SlackChannel[];
  privateChannels: SlackChannel[];
  plans: ChannelPlan[];
}

export interface ChannelSettings {
  count: number;
  people: People;
  teamId: string;
  /** Seconds since the epoch: every channel exists before the first exported day. */
  createdBefore: number;
  dayCount: number;
}

/** The first names are used as they are, in this order; more channels number them (methodes-3). */
const CHANNEL_NAMES = wordList(`
  general random événements donnees-partage methodes annonces entraide lectures outils projets seminaires
  emplois stats-r python visualisation bibliotheque terrain redaction conferences mentorat cafe
  logiciels-libres reproductibilite enquetes cartographie ethique financement pedagogie benevoles hors-sujet
`);
const PRIVATE_CHANNEL_NAME = 'comite-organisation';
const SHARE_ARCHIVED = 0.08;
const SHARE_PRIVATE_MEMBERS = 0.2;
const DAY_SECONDS = 86400;

export function channelPlan(
  id: string,
  name: string,
  authors: readonly Author[],
  memberIds: readonly string[],
  weight: number,
  lastActiveDay: number,
): ChannelPlan {
  return {
    id,
    name,
    authorPicker: createWeightedPicker(
      authors,
      authors.map((author) => author.activity),
    ),
    memberIds,
    weight,
    lastActiveDay,
  };
}

function channelNames(random: Random, count: number): string[] {
  const names: string[] = CHANNEL_NAMES.slice(0, count);
  const taken = new Set<string>(names);
  while (names.length < count) {
    // The numbers' range grows with the list, so a free name always comes up.
    const name = `${random.pick(CHANNEL_NAMES.slice(3))}-${random.between(2, 40 + names.length)}`;
    if (!taken.has(name)) {
      taken.add(name);
      names.push(name);
    }
  }
  return names;
}

function channelText(random: Random, creator: string, createdAt: number, wordCount: number): SlackChannelText {
  return {
    value: wordCount === 0 ? '' : plainPhrase(random, pickLanguage(random), wordCount),
    creator,
    last_set: createdAt + random.below(30 * DAY_SECONDS),
  };
}

/**
 * channels.json and groups.json: `count` public channels, the first one
 * #general with everyone, plus one private channel with a fifth of the people.
 * Sizes and activity vary a lot, and a few channels are archived mid-history.
 */
export function createChannels(random: Random, settings: ChannelSettings): Channels {
  if (settings.count < 1) throw new RangeError('an export needs at least one public channel');
  const { humans } = settings.people;
  const active = humans.filter((person) => !person.isDeleted);
  const regulars = active.filter((person) => !person.isGuest);
  const takenIds = new Set<string>();
  const publicChannels: SlackChannel[] = [];
  const privateChannels: SlackChannel[] = [];
  const plans: ChannelPlan[] = [];

  const addChannel = (name: string, members: readonly Author[], isGeneral: boolean, isPrivate: boolean, weight: number): void => {
    const id = uniqueSlackId(random, 'C', takenIds);
    const creator = members[0]?.id ?? regulars[0]?.id ?? '';
    const created = settings.createdBefore - (isGeneral ? 400 : random.between(1, 400)) * DAY_SECONDS;
    const archivable = !isGeneral && !isPrivate && publicChannels.length >= 3;
    const isArchived = archivable && (random.chance(SHARE_ARCHIVED) || publicChannels.length === settings.count - 1);
    const memberIds = members.map((member) => member.id);
    const channel: SlackChannel = {
      id,
      name,
      created,
      creator,
      is_archived: isArchived,
      is_general: isGeneral,
      members: memberIds,
      topic: channelText(random, creator, created, random.chance(0.6) ? random.between(2, 6) : 0),
      purpose: channelText(random, creator, created, random.between(3, 10)),
    };
    if (isPrivate) {
      channel.is_private = true;
      privateChannels.push(channel);
    } else {
      publicChannels.push(channel);
    }
    // Deactivated people were members once: some of the channel's history is theirs.
    const formerMembers = humans.filter((person) => person.isDeleted && (isGeneral || random.chance(0.5)));
    const lastActiveDay = isArchived ? Math.floor(settings.dayCount * (0.3 + 0.6 * random.next())) : settings.dayCount - 1;
    plans.push(channelPlan(id, name, [...members, ...formerMembers], memberIds, weight, lastActiveDay));
  };

  const names = channelNames(random, settings.count);
  const guestChannels = new Map<number, Author[]>();
  for (const guest of active.filter((person) => person.isGuest)) {
    for (let i = random.between(1, 2); i > 0 && names.length > 1; i--) {
      const index = random.between(1, names.length - 1);
      guestChannels.set(index, [...(guestChannels.get(index) ?? []), guest]);
    }
  }
  names.forEach((name, index) => {
    if (index === 0) {
      addChannel(name, regulars, true, false, 1);
      return;
    }
    const share = 0.05 + 0.55 * Math.pow(random.next(), 2);
    const size = Math.min(regulars.length, Math.max(3, Math.round(regulars.length * share)));
    const members = [...random.shuffled(regulars).slice(0, size), ...new Set(guestChannels.get(index))];
    // Earlier channels are busier, give or take half, so seeds differ in more than names.
    addChannel(name, members, false, false, (0.5 + random.next()) / Math.pow(index + 1, 0.8));
  });
  const privateSize = Math.min(regulars.length, Math.max(2, Math.round(humans.length * SHARE_PRIVATE_MEMBERS)));
  addChannel(PRIVATE_CHANNEL_NAME, random.shuffled(regulars).slice(0, privateSize), false, true, 0.3);
  return { publicChannels, privateChannels, plans };
}
