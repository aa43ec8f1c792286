import { describe, expect, it } from 'vitest';
import { inItsOwnTurn } from './own-turn.ts';

/** What had run at each of the next `turns` turns of the event loop. */
async function seenAtEachTurn(ran: string[], turns: number): Promise<string[][]> {
  const seen: string[][] = [];
  for (let turn = 0; turn < turns; turn++) await new Promise<void>((resolve) => setImmediate(() => resolve(void seen.push([...ran]))));
  return seen;
}

describe('inItsOwnTurn', () => {
  it('runs the pieces of work one per turn of the event loop, in order', async () => {
    const ran: string[] = [];
    for (const name of ['a', 'b', 'c']) inItsOwnTurn(() => ran.push(name));
    expect(ran).toEqual([]);
    expect(await seenAtEachTurn(ran, 3)).toEqual([['a'], ['a', 'b'], ['a', 'b', 'c']]);
  });
});
