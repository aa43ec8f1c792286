import { describe, expect, it } from 'vitest';
import { createRandom } from './seeded-random.ts';

describe('createRandom', () => {
  it('repeats its sequence for the same seed and not for another', () => {
    const draw = (seed: number) => Array.from({ length: 8 }, createRandom(seed).next);
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
  });

  it('stays within the bounds asked for', () => {
    const random = createRandom(7);
    for (let i = 0; i < 10_000; i++) {
      const value = random.next();
      expect(value >= 0 && value < 1).toBe(true);
      const die = random.between(1, 6);
      expect(die >= 1 && die <= 6 && Number.isInteger(die)).toBe(true);
    }
  });
});
