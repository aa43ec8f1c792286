import { describe, expect, it } from 'vitest';
import { seenAtEachTurn } from '../../tests/support/event-loop-turns.ts';
import { inItsOwnTurn } from './own-turn.ts';

describe('inItsOwnTurn', () => {
  it('runs the pieces of work one per turn of the event loop, in order', async () => {
    const ran: string[] = [];
    for (const name of ['a', 'b', 'c']) inItsOwnTurn(() => ran.push(name));
    expect(ran).toEqual([]);
    expect(await seenAtEachTurn(ran, 3)).toEqual([['a'], ['a', 'b'], ['a', 'b', 'c']]);
  });
});
