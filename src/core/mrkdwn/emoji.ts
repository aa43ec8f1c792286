import emojiData from 'emoji-datasource/emoji.json' with { type: 'json' };

interface EmojiEntry {
  short_names: string[];
  unified: string;
  skin_variations?: Record<string, { unified: string }>;
}

/** Slack's `skin-tone-2` … `skin-tone-6`, in order. */
const SKIN_TONES = ['1F3FB', '1F3FC', '1F3FD', '1F3FE', '1F3FF'];

let shortcodes: Map<string, string> | undefined;

function fromUnified(unified: string): string {
  return String.fromCodePoint(...unified.split('-').map((hex) => Number.parseInt(hex, 16)));
}

function buildShortcodes(): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of emojiData as readonly EmojiEntry[]) {
    const base = fromUnified(entry.unified);
    for (const name of entry.short_names) {
      map.set(name, base);
      SKIN_TONES.forEach((tone, index) => {
        // Two-person emoji key their variations by both tones; one Slack tone applies to both people.
        const variation = entry.skin_variations?.[tone] ?? entry.skin_variations?.[`${tone}-${tone}`];
        if (variation) map.set(`${name}::skin-tone-${index + 2}`, fromUnified(variation.unified));
      });
    }
  }
  return map;
}

/**
 * Unicode for a Slack shortcode without colons: `smile`, `+1`,
 * `wave::skin-tone-2`. A tone the emoji has no variation for is dropped
 * rather than losing the emoji. Undefined for unknown names (workspace
 * custom emoji).
 */
export function emojiFromShortcode(name: string): string | undefined {
  shortcodes ??= buildShortcodes();
  const exact = shortcodes.get(name);
  if (exact !== undefined) return exact;
  const toneAt = name.indexOf('::skin-tone-');
  return toneAt === -1 ? undefined : shortcodes.get(name.slice(0, toneAt));
}
