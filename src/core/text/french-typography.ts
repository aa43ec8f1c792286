/**
 * French punctuation spacing, as the Office québécois de la langue française and
 * the Imprimerie nationale write it on screen: a narrow no-break space (U+202F)
 * before « ? ! : ; » and inside the guillemets, so a line never breaks between a
 * word and its mark. One rule, one module: the dictionary test, the Markdown test
 * and the fixer all call it.
 */
export const NARROW_NBSP = '\u202f';

export interface TypographyProblem {
  /** Offset of the mark in the checked text. */
  index: number;
  mark: string;
  /** What surrounds the mark, for a readable failure. */
  excerpt: string;
}

const HIGH_MARKS = new Set(['?', '!', ':', ';']);

/**
 * Text that is not French prose even inside a French string: URLs, e-mail
 * addresses, `{placeholders}`, `{{placeholders}}`, code, search syntax
 * (`in:#canal`, `from:@personne`, `has:file`), times (`10:30`) and emoji
 * names (`:tada:`). A mark glued to a word on both sides is syntax, never prose.
 */
function isSyntax(text: string, index: number): boolean {
  const before = text[index - 1] ?? '';
  const after = text[index + 1] ?? '';
  const wordBefore = /[\p{L}\p{N}_/)\]}-]/u.test(before);
  const glued = after !== '' && !/[\s\u00a0\u202f»)\].,]/u.test(after);
  return wordBefore && glued;
}

/** Replaces spans that are not prose by spaces of the same length, so offsets stay true. */
export function maskNonProse(text: string): string {
  const blank = (match: string) => ' '.repeat(match.length);
  return text
    .replace(/```[\s\S]*?```/g, blank)
    .replace(/`[^`\n]*`/g, blank)
    .replace(/\]\([^)\s]*\)/g, (match) => `]${blank(match.slice(1))}`)
    .replace(/<[^>\n]*>/g, blank)
    .replace(/(?<![\p{L}\p{N}]):[a-z0-9_+-]+:(?![\p{L}\p{N}])/gu, blank)
    .replace(/\b(?:https?|mailto):[^\s)»]+/g, blank)
    .replace(/\{\{\w+\}\}|\{\w+\}/g, (match) => 'x'.repeat(match.length));
}

/** Every mark in `text` without its narrow no-break space (or with another kind of space). */
export function frenchTypographyProblems(text: string): TypographyProblem[] {
  const prose = maskNonProse(text);
  const problems: TypographyProblem[] = [];
  const report = (index: number) =>
    problems.push({ index, mark: text[index]!, excerpt: text.slice(Math.max(0, index - 20), index + 20) });
  for (let index = 0; index < prose.length; index += 1) {
    const mark = prose[index]!;
    if (HIGH_MARKS.has(mark)) {
      if (isSyntax(prose, index)) continue;
      // "?!" and "!!": the space goes before the first mark only.
      if (HIGH_MARKS.has(prose[index - 1] ?? '') && mark !== ':') continue;
      if (index === 0 || prose[index - 1] === '\n') continue;
      if (prose[index - 1] !== NARROW_NBSP) report(index);
    } else if (mark === '«') {
      if (prose[index + 1] !== NARROW_NBSP) report(index);
    } else if (mark === '»') {
      if (prose[index - 1] !== NARROW_NBSP) report(index);
    }
  }
  return problems;
}

/**
 * Writes the rule into a French string: any space (or none) before a high mark
 * and inside guillemets becomes one narrow no-break space. Syntax is left alone.
 */
export function applyFrenchTypography(text: string): string {
  const problems = frenchTypographyProblems(text);
  let fixed = text;
  for (const { index, mark } of [...problems].sort((a, b) => b.index - a.index)) {
    if (mark === '«') {
      const rest = fixed.slice(index + 1).replace(/^[ \u00a0]*/, '');
      fixed = `${fixed.slice(0, index + 1)}${NARROW_NBSP}${rest}`;
    } else {
      const head = fixed.slice(0, index).replace(/[ \u00a0]*$/, '');
      fixed = `${head}${NARROW_NBSP}${fixed.slice(index)}`;
    }
  }
  return fixed;
}
