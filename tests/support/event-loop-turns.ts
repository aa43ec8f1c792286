/** A copy of `ran` at each of the next `turns` turns of the event loop: what had run by then. */
export async function seenAtEachTurn<T>(ran: readonly T[], turns: number): Promise<T[][]> {
  const seen: T[][] = [];
  for (let turn = 0; turn < turns; turn++) await new Promise<void>((resolve) => setImmediate(() => resolve(void seen.push([...ran]))));
  return seen;
}
