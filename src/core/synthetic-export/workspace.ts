import { createChannels, channelPlan, type ChannelPlan } from './channels.ts';
import type { ChannelReference } from './message-text.ts';
import { createPeople, type Author, type BotIdentity } from './people.ts';
import type { Random } from './seeded-random.ts';
import type { SlackChannel, SlackUser } from './slack-export-types.ts';
import { slackId } from './slack-ids.ts';

/** Everyone and every channel of the generated workspace, before any message. */
export interface Workspace {
  teamId: string;
  workspaceDomain: string;
  /** users.json; empty when filling one channel of an existing export. */
  users: SlackUser[];
  publicChannels: SlackChannel[];
  privateChannels: SlackChannel[];
  plans: ChannelPlan[];
  /** Channels that messages can link to with <#C…|name>. */
  channelReferences: ChannelReference[];
  bot: BotIdentity;
  peopleCount: number;
}

export interface WorkspaceSettings {
  people: number;
  channels: number;
  /** Seconds since the epoch of the first exported day: accounts and channels are older. */
  createdBefore: number;
  dayCount: number;
}

const WORKSPACE_DOMAIN = 'communaute-exemple';

export function createWorkspace(random: Random, settings: WorkspaceSettings): Workspace {
  const teamId = slackId(random, 'T');
  const people = createPeople(random, settings.people, teamId, settings.createdBefore);
  const channels = createChannels(random, {
    count: settings.channels,
    people,
    teamId,
    createdBefore: settings.createdBefore,
    dayCount: settings.dayCount,
  });
  return {
    teamId,
    workspaceDomain: WORKSPACE_DOMAIN,
    users: people.users,
    ...channels,
    channelReferences: channels.publicChannels.map(({ id, name }) => ({ id, name })),
    bot: people.bot,
    peopleCount: people.users.length,
  };
}

/** One channel of a hand-written export, whose people we only know by id: messages carry no user_profile. */
export interface ExistingChannel {
  id: string;
  name: string;
  members: string[];
}

export function workspaceForChannel(random: Random, channel: ExistingChannel, dayCount: number): Workspace {
  if (channel.members.length === 0) throw new RangeError(`channel ${channel.name} needs at least one member to write its messages`);
  const authors: Author[] = random
    .shuffled(channel.members)
    .map((id, rank) => ({ id, profile: undefined, activity: 1 / Math.pow(rank + 1, 0.8), isDeleted: false, isGuest: false }));
  return {
    teamId: slackId(random, 'T'),
    workspaceDomain: WORKSPACE_DOMAIN,
    users: [],
    publicChannels: [],
    privateChannels: [],
    plans: [channelPlan(channel.id, channel.name, authors, channel.members, 1, dayCount - 1)],
    channelReferences: [{ id: channel.id, name: channel.name }],
    bot: { botId: slackId(random, 'B'), username: 'Rappels' },
    peopleCount: channel.members.length,
  };
}
