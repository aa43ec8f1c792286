import { asciiSlug } from './ascii-slug.ts';
import { plainPhrase, pickLanguage } from './message-text.ts';
import type { Random } from './seeded-random.ts';
import type { SlackFile, SlackReaction } from './slack-export-types.ts';
import { hexString, slackId } from './slack-ids.ts';
import { createWeightedPicker, zipfWeights } from './weighted-picker.ts';
import { wordList } from './word-list.ts';

/** Reactions and shared files, the parts of a message besides its text. */

/** Custom emoji ("merci", "bravo") and skin tones included: importers must keep names they cannot draw. */
const REACTION_NAMES = wordList(`
  +1 heart tada eyes joy pray white_check_mark raised_hands clap 100 fire thinking_face wave::skin-tone-2
  +1::skin-tone-3 rocket smile sweat_smile merci bravo heavy_plus_sign muscle::skin-tone-5 sob coffee bulb
`);
const REACTION_PICKER = createWeightedPicker(REACTION_NAMES, zipfWeights(REACTION_NAMES.length, 1.1));

/** One to three different reactions, each by a few channel members. */
export function reactions(random: Random, memberIds: readonly string[]): SlackReaction[] {
  const result: SlackReaction[] = [];
  const kinds = random.chance(0.7) ? 1 : random.between(2, 3);
  for (let i = 0; i < kinds; i++) {
    const name = REACTION_PICKER.pick(random);
    if (result.some((reaction) => reaction.name === name)) continue;
    const wanted = Math.min(memberIds.length, random.chance(0.6) ? 1 : random.between(2, 8));
    const users = new Set<string>();
    while (users.size < wanted) users.add(random.pick(memberIds));
    result.push({ name, users: [...users], count: users.size });
  }
  return result;
}

interface FileKind {
  extension: string;
  mimetype: string;
  filetype: string;
  pretty_type: string;
}

const FILE_KINDS: readonly FileKind[] = [
  { extension: 'pdf', mimetype: 'application/pdf', filetype: 'pdf', pretty_type: 'PDF' },
  { extension: 'png', mimetype: 'image/png', filetype: 'png', pretty_type: 'PNG' },
  { extension: 'jpg', mimetype: 'image/jpeg', filetype: 'jpg', pretty_type: 'JPEG' },
  {
    extension: 'docx',
    mimetype: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    filetype: 'docx',
    pretty_type: 'Word Document',
  },
  {
    extension: 'xlsx',
    mimetype: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    filetype: 'xlsx',
    pretty_type: 'Excel Spreadsheet',
  },
  { extension: 'csv', mimetype: 'text/csv', filetype: 'csv', pretty_type: 'CSV' },
  { extension: 'txt', mimetype: 'text/plain', filetype: 'text', pretty_type: 'Plain Text' },
  { extension: 'R', mimetype: 'text/plain', filetype: 'r', pretty_type: 'R' },
  { extension: 'py', mimetype: 'text/x-python', filetype: 'python', pretty_type: 'Python' },
];

export interface FileContext {
  teamId: string;
  workspaceDomain: string;
  userId: string;
  /** Seconds since the epoch when the message was posted. */
  postedAt: number;
}

function fileName(random: Random, kind: FileKind, postedAt: number): string {
  const date = new Date(postedAt * 1000).toISOString();
  // Screenshots keep their spaces and accents: file names are not slugs.
  if (kind.extension === 'png' && random.chance(0.5)) {
    return `Capture d’écran ${date.slice(0, 10)} à ${date.slice(11, 19).replaceAll(':', '.')}.png`;
  }
  return `${asciiSlug(plainPhrase(random, pickLanguage(random), random.between(1, 3)))}-${date.slice(0, 4)}.${kind.extension}`;
}

export function sharedFile(random: Random, context: FileContext): SlackFile {
  const kind = random.pick(FILE_KINDS);
  const id = slackId(random, 'F');
  const name = fileName(random, kind, context.postedAt);
  const urlName = asciiSlug(name.slice(0, name.lastIndexOf('.')), '_') + name.slice(name.lastIndexOf('.')).toLowerCase();
  const url = `https://files.slack.com/files-pri/${context.teamId}-${id}/${urlName}`;
  const token = `xoxe-${random.between(1_000_000_000, 9_999_999_999)}-${hexString(random, 32)}`;
  return {
    id,
    created: context.postedAt,
    timestamp: context.postedAt,
    name,
    title: name.slice(0, name.lastIndexOf('.')),
    mimetype: kind.mimetype,
    filetype: kind.filetype,
    pretty_type: kind.pretty_type,
    user: context.userId,
    // Log-uniform from 1 KB to 20 MB: mostly small documents, a few heavy ones.
    size: Math.round(1000 * Math.pow(20_000, random.next())),
    mode: 'hosted',
    is_external: false,
    is_public: true,
    url_private: `${url}?t=${token}`,
    url_private_download: `https://files.slack.com/files-pri/${context.teamId}-${id}/download/${urlName}?t=${token}`,
    permalink: `https://${context.workspaceDomain}.slack.com/files/${context.userId}/${id}/${urlName}`,
  };
}
