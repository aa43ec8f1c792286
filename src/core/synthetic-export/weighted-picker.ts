import type { Random } from './seeded-random.ts';

/** Picks items with probability proportional to their weights, in O(log n). */
export interface WeightedPicker<T> {
  pick(random: Random): T;
}

export function createWeightedPicker<T>(items: readonly T[], weights: ArrayLike<number>): WeightedPicker<T> {
  if (items.length === 0 || items.length !== weights.length) throw new Error('need one weight per item, and at least one item');
  const cumulative = new Float64Array(items.length);
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    total += weights[i] ?? 0;
    cumulative[i] = total;
  }
  if (!(total > 0)) throw new Error('weights must add up to more than zero');
  return {
    pick(random) {
      const target = random.next() * total;
      let low = 0;
      let high = items.length - 1;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((cumulative[middle] ?? 0) > target) high = middle;
        else low = middle + 1;
      }
      return items[low] as T;
    },
  };
}

/** Zipf weights by rank: the first items very common, a long tail of rare ones. */
export function zipfWeights(count: number, exponent: number): Float64Array {
  const weights = new Float64Array(count);
  for (let rank = 0; rank < count; rank++) weights[rank] = 1 / Math.pow(rank + 1, exponent);
  return weights;
}
