/** "Élise Côté" → "Elise Cote", as Slack's *_normalized profile fields. */
export function withoutAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/ø/g, 'o').replace(/Ø/g, 'O');
}

/** Lowercase ASCII letters and digits joined by `separator`: for handles, URLs and file names. */
export function asciiSlug(text: string, separator = '-'): string {
  const words = withoutAccents(text)
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.filter((word) => word !== '').join(separator);
}
