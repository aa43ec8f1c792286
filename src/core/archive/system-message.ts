/**
 * What a Slack system message says, as data: the page words it in its own
 * language. The export stores `subtype` and `user` as fields; the value
 * (the new topic, purpose or name) sits after Slack's fixed English wording
 * in `text`, which is the only place every export generation keeps it.
 */
export type SystemEvent =
  | { kind: 'join' | 'leave' | 'archive' | 'unarchive' }
  | { kind: 'topic' | 'purpose'; value: string }
  | { kind: 'cleared-topic' | 'cleared-purpose' }
  | { kind: 'rename'; from: string; to: string };

const SIMPLE: Record<string, SystemEvent['kind']> = {
  channel_join: 'join',
  group_join: 'join',
  channel_leave: 'leave',
  group_leave: 'leave',
  channel_archive: 'archive',
  group_archive: 'archive',
  channel_unarchive: 'unarchive',
  group_unarchive: 'unarchive',
};

const VALUE = /\bset the (?:channel|group) (topic|purpose): ([\s\S]*)$/;
const CLEARED = /\bcleared the (?:channel|group) (topic|purpose)\b/;
const RENAMED = /\brenamed the (?:channel|group) from "([^"]*)" to "([^"]*)"/;

/** The event a system message records, or null when it is not one we can word (its own text is shown then). */
export function systemEvent(subtype: string | null, text: string): SystemEvent | null {
  if (subtype === null) return null;
  const simple = SIMPLE[subtype];
  if (simple) return { kind: simple } as SystemEvent;
  if (subtype === 'channel_topic' || subtype === 'channel_purpose' || subtype === 'group_topic' || subtype === 'group_purpose') {
    const field = subtype.endsWith('topic') ? 'topic' : 'purpose';
    const set = VALUE.exec(text);
    if (set && set[1] === field) return { kind: field, value: set[2]! };
    if (CLEARED.exec(text)?.[1] === field) return { kind: field === 'topic' ? 'cleared-topic' : 'cleared-purpose' };
    return null;
  }
  if (subtype === 'channel_name' || subtype === 'group_name') {
    const renamed = RENAMED.exec(text);
    return renamed ? { kind: 'rename', from: renamed[1]!, to: renamed[2]! } : null;
  }
  return null;
}
