/** The words of a whitespace-separated block, so long lists of words stay compact to read. */
export function wordList(block: string): readonly string[] {
  return block.trim().split(/\s+/);
}
