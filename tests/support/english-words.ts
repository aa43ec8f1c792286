/**
 * English words that no French sentence uses: enough of them to catch an English
 * message reaching a French page ("is already linked to another member",
 * "not a valid email address", "Browser · unknown system"). Words both languages
 * share (« message », « transport », « fr ») are not listed; product names are
 * never words here.
 */
const ENGLISH_ONLY = new Set(
  (
    'the is are was were be been not no such this that these those with without from into of to by for and or but ' +
    'already another other linked valid invalid address email unknown system browser member members cannot can could ' +
    'should must please first enable disable disabled enabled more than fields field header read only your you ' +
    'there their they it its has have had will would error required missing found yet any every which what when where who ' +
    'back home sign signed out in at on new old save saved send sent search results result'
  ).split(' '),
);

/** Words of `text` that only English has; placeholders, addresses and code are skipped. */
export function englishWordsIn(text: string): string[] {
  const prose = text
    .replace(/\{\w+\}/g, ' ')
    .replace(/\b[\w.+-]+@[\w.-]+\b/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    // Search syntax (in:#canal, from:@personne, has:file) and settings (MAIL_FROM) are not sentences.
    .replace(/[\p{L}]+:(?=[^\s\u202f])/gu, ' ')
    .replace(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g, ' ');
  return (prose.match(/[\p{L}’']+/gu) ?? []).filter((word) => ENGLISH_ONLY.has(word.toLowerCase()));
}
