/**
 * Exports with single huge files, written as streams (the generator itself
 * never holds a file): a day file of one channel with as many messages as fit
 * in the bytes asked for, a users.json of as many people, a channels.json of as
 * many channels. Used by `npm run bench:large-import` and by the test that
 * imports a modest one under the map workers' memory limit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';

export interface LargeExportSizes {
  /** Bytes of the one day file of #general. */
  dayFileBytes: number;
  usersBytes: number;
  channelsBytes: number;
  /** Bytes of further day files of #general, 10 MB each, to make the export itself large. */
  fillerBytes?: number;
}

export interface LargeExportCounts {
  messages: number;
  people: number;
  channels: number;
}

const DAY = '2024-03-01';
const DAY_START = Date.UTC(2024, 2, 1, 12) / 1000;
const GENERAL = 'C0GENERAL01';

function person(n: number): object {
  const id = `U${String(n).padStart(9, '0')}`;
  const image = (size: number) => `https://avatars.example.org/${id}/${size}.png`;
  return {
    id,
    team_id: 'T0TEAM0001',
    name: `membre.${n}`,
    deleted: false,
    real_name: `Membre numéro ${n}`,
    tz: 'America/Toronto',
    tz_label: 'Eastern Standard Time',
    tz_offset: -18000,
    is_admin: false,
    is_bot: false,
    is_app_user: false,
    updated: 1700000000 + n,
    profile: {
      title: 'Bénévole',
      phone: '',
      real_name: `Membre numéro ${n}`,
      display_name: `membre${n}`,
      status_text: 'En réunion jusqu’à midi',
      status_emoji: ':calendar:',
      avatar_hash: `g${n.toString(16).padStart(11, '0')}`,
      image_24: image(24),
      image_32: image(32),
      image_48: image(48),
      image_72: image(72),
      image_192: image(192),
      image_512: image(512),
      team: 'T0TEAM0001',
    },
  };
}

function channel(n: number): object {
  const members = Array.from({ length: 12 }, (_, i) => `U${String((n * 7 + i) % 5000).padStart(9, '0')}`);
  return {
    id: n === 0 ? GENERAL : `C${String(n).padStart(10, '0')}`,
    name: n === 0 ? 'general' : `canal-${n}`,
    created: 1600000000 + n,
    creator: members[0],
    is_archived: false,
    is_general: n === 0,
    members,
    topic: { value: `Sujet du canal ${n} : organisation, entraide et nouvelles`, creator: members[0], last_set: 1600000000 },
    purpose: { value: `Le canal ${n} rassemble les échanges au sujet de ce qui s’y passe, sans limite de durée.`, creator: members[0], last_set: 1600000000 },
  };
}

const FILLER_FILE_BYTES = 10 * 1000 ** 2;
/** Filler messages are numbered from here: their ts never meet the big day file's. */
const FILLER_FIRST = 10_000_000;

function message(n: number): object {
  const user = `U${String(n % 5000).padStart(9, '0')}`;
  const ts = `${DAY_START + Math.floor(n / 1000)}.${String(n % 1000000).padStart(6, '0')}`;
  return {
    type: 'message',
    user,
    text: `Message ${n} : bonjour à toutes et à tous, la réunion de *jeudi* est déplacée — voir <https://example.org/reunion/${n}|le compte rendu> et merci <@U000000001> !`,
    ts,
    client_msg_id: `0b6f${n.toString(16).padStart(8, '0')}-1111-2222-3333-444455556666`,
    team: 'T0TEAM0001',
    user_team: 'T0TEAM0001',
    source_team: 'T0TEAM0001',
    user_profile: { avatar_hash: 'g0123456789a', image_72: `https://avatars.example.org/${user}/72.png`, first_name: 'Membre', real_name: `Membre ${n % 5000}`, display_name: `membre${n % 5000}`, team: 'T0TEAM0001', name: `membre.${n % 5000}`, is_restricted: false, is_ultra_restricted: false },
    reactions: n % 3 === 0 ? [{ name: 'tada', users: [user], count: 1 }] : undefined,
    blocks: [{ type: 'rich_text', block_id: `b${n}`, elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: `Message ${n} : bonjour à toutes et à tous` }] }] }],
  };
}

/** Writes `[a, b, …]` of `make(first)`, `make(first + 1)`… until `bytes` are written; returns how many elements. */
async function writeArray(file: string, bytes: number, make: (n: number) => object, first = 0): Promise<number> {
  const out = fs.createWriteStream(file);
  let written = 0;
  let count = 0;
  const put = async (text: string) => {
    written += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await put('[');
  while (written < bytes) {
    await put(`${count === 0 ? '' : ',\n'}${JSON.stringify(make(first + count))}`);
    count += 1;
  }
  await put(']\n');
  out.end();
  await once(out, 'finish');
  return count;
}

/** Writes the export into `dir` (a folder export) and returns what it holds. */
export async function writeLargeExport(dir: string, sizes: LargeExportSizes): Promise<LargeExportCounts> {
  fs.mkdirSync(path.join(dir, 'general'), { recursive: true });
  const people = sizes.usersBytes > 0 ? await writeArray(path.join(dir, 'users.json'), sizes.usersBytes, person) : 0;
  const channels = await writeArray(path.join(dir, 'channels.json'), Math.max(1, sizes.channelsBytes), channel);
  let messages = sizes.dayFileBytes > 0 ? await writeArray(path.join(dir, 'general', `${DAY}.json`), sizes.dayFileBytes, message) : 0;
  const fillerFiles = Math.ceil((sizes.fillerBytes ?? 0) / FILLER_FILE_BYTES);
  for (let file = 0, first = FILLER_FIRST; file < fillerFiles; file++) {
    // Days before the big one, one a file; their names only need to be distinct dates.
    const day = new Date(Date.UTC(2020, 0, 1) + file * 86_400_000).toISOString().slice(0, 10);
    const count = await writeArray(path.join(dir, 'general', `${day}.json`), FILLER_FILE_BYTES, message, first);
    first += count;
    messages += count;
  }
  return { messages, people, channels };
}
