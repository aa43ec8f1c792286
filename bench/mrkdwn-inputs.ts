/**
 * Inputs built to make a careless mrkdwn parser backtrack or rescan: unclosed
 * links and fences, marker soup, deep nesting, long runs of one character.
 * Shared by the unit tests (safe output at any size) and bench:mrkdwn (time).
 */
export function adversarialMrkdwn(size: number): Record<string, string> {
  const fill = (unit: string): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const half = size / 2;
  return {
    'unclosed angles': fill('<'),
    'angles without content': fill('<<>>'),
    'pipes in an unclosed link': fill('<|'),
    'backticks': fill('`'),
    'unclosed fence then backticks': `\`\`\`${fill('`a')}`,
    'stars': fill('*'),
    'marker soup': fill('*_~'),
    'deep nesting': `${fill('*_~').slice(0, half - 1)}x${fill('~_*').slice(0, half)}`,
    'openers then closers': `${fill('*a ').slice(0, half)}${fill('a* ').slice(0, half)}`,
    'openers of every kind': fill(' *a _b ~c'),
    'colons': fill(':'),
    'almost shortcodes': fill(':smile'),
    'skin tones': fill(':thumbsup::skin-tone-3:'),
    'quote lines': fill('&gt;\n'),
    'newlines': fill('a\n'),
    'mention of a huge id': `<@${fill('U')}>`,
    'entities': fill('&amp;lt;'),
  };
}
