import type { ChannelKind } from '../db/schema/archive.ts';

/** The directory's sections, in the order a Slack or Mattermost user expects them. */
export const DIRECTORY_SECTIONS = ['channels', 'groups', 'direct'] as const;
export type DirectorySection = (typeof DIRECTORY_SECTIONS)[number];

export function sectionOf(kind: ChannelKind): DirectorySection {
  if (kind === 'dm') return 'direct';
  if (kind === 'mpim') return 'groups';
  return 'channels';
}

// Natural and accent-insensitive: « événements » sorts with « e », « canal-10 » after « canal-9 ».
const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** Channels (public and private) first, then group messages, then direct messages; by name inside each. */
export function compareDirectoryEntries(a: { kind: ChannelKind; label: string }, b: { kind: ChannelKind; label: string }): number {
  const section = DIRECTORY_SECTIONS.indexOf(sectionOf(a.kind)) - DIRECTORY_SECTIONS.indexOf(sectionOf(b.kind));
  return section || collator.compare(a.label, b.label) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
}
