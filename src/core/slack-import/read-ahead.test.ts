import { describe, expect, it } from 'vitest';
import { ReadAhead } from './read-ahead.ts';

const MIB = 1024 * 1024;

function startWhileAllowed(ahead: ReadAhead, sizes: number[]): number {
  let started = 0;
  while (started < sizes.length && ahead.mayStart()) ahead.started(sizes[started++]!);
  return started;
}

describe('reading ahead of the writer', () => {
  it('starts files until their bytes reach the bound', () => {
    const ahead = new ReadAhead({ bytes: 4 * MIB, files: 1_000 });
    expect(startWhileAllowed(ahead, Array(100).fill(MIB))).toBe(4);
  });

  it('starts files until their number reaches the bound, however small they are', () => {
    const ahead = new ReadAhead({ bytes: 4 * MIB, files: 10 });
    expect(startWhileAllowed(ahead, Array(100).fill(100))).toBe(10);
  });

  it('always starts one file when none is ahead, even one larger than the bound', () => {
    const ahead = new ReadAhead({ bytes: 4 * MIB, files: 10 });
    expect(startWhileAllowed(ahead, [40 * MIB, MIB])).toBe(1);
    ahead.taken(40 * MIB);
    expect(ahead.mayStart()).toBe(true);
  });

  it('starts again as the writer takes files', () => {
    const ahead = new ReadAhead({ bytes: 4 * MIB, files: 1_000 });
    startWhileAllowed(ahead, Array(4).fill(MIB));
    expect(ahead.mayStart()).toBe(false);
    ahead.taken(MIB);
    expect(ahead.mayStart()).toBe(true);
  });
});
