import fs from 'node:fs';
import path from 'node:path';
import { slackJson } from '../../synthetic-export/slack-json.ts';
import { generateDiscussions, type Person } from './generate-discussions.ts';

/**
 * The day files of the demo's #large-discussions, as `npm run demo:generate`
 * writes them into demo/slack-export/large-discussions/: its members and the
 * reminder bot come from the export's own users.json and channels.json.
 */

export const DISCUSSIONS_CHANNEL = 'large-discussions';
const SEED = 20230601;
const FIRST_DAY = '2023-06-01';
const LAST_DAY = '2024-02-05';
/** François, the biostatistician, answers most questions; Sarah drops in now and then. */
const ACTIVITY: Record<string, number> = { U04C8FNG2TR: 14, U04D3ZB9QXE: 2, U04G2ADL8PK: 1.5, U04B1QK7ELS: 1.3, U04J6SWF3RT: 1 };
const BOT = { username: 'Rappels', botId: 'B05RPL7K2QD', appId: 'A05RPL9XJ3M' };

interface ExportUser {
  id: string;
  name: string;
  team_id: string;
  profile: { avatar_hash: string; image_72: string; first_name: string; real_name: string; display_name: string };
}

/** File name → content, for the channel's folder of an export folder. */
export function demoDiscussionFiles(exportDir: string): Map<string, string> {
  const users = JSON.parse(fs.readFileSync(path.join(exportDir, 'users.json'), 'utf8')) as ExportUser[];
  const channels = JSON.parse(fs.readFileSync(path.join(exportDir, 'channels.json'), 'utf8')) as { name: string; members: string[] }[];
  const channel = channels.find((candidate) => candidate.name === DISCUSSIONS_CHANNEL);
  if (!channel) throw new Error(`${exportDir}/channels.json has no #${DISCUSSIONS_CHANNEL}`);
  const people: Person[] = channel.members.map((id) => {
    const user = users.find((candidate) => candidate.id === id);
    if (!user) throw new Error(`member ${id} of #${DISCUSSIONS_CHANNEL} is not in users.json`);
    const { avatar_hash, image_72, first_name, real_name, display_name } = user.profile;
    return { id, name: user.name, activity: ACTIVITY[id] ?? 1, profile: { avatar_hash, image_72, first_name, real_name, display_name, team: user.team_id } };
  });
  const days = generateDiscussions({
    seed: SEED,
    firstDay: FIRST_DAY,
    lastDay: LAST_DAY,
    teamId: people[0]!.profile.team,
    people,
    bot: BOT,
  });
  return new Map([...days].map(([day, messages]) => [`${day}.json`, `${slackJson(messages)}\n`]));
}
