import { describe, expect, it } from 'vitest';
import { TsSeen } from './ts-seen.ts';

describe('TsSeen', () => {
  it('knows every ts of a channel, one microsecond apart, past its first capacity', () => {
    const seen = new TsSeen().forChannel('C1');
    const ts = Array.from({ length: 5_000 }, (_, i) => `1577880000.${String(i).padStart(6, '0')}`);
    for (const value of ts) expect(seen.add(value)).toBe(false);
    for (const value of ts) expect(seen.add(value)).toBe(true);
    expect(seen.add('1577880000.005000')).toBe(false);
  });

  it('starts over for another channel, and keeps what it knows while the channel stays', () => {
    const seen = new TsSeen();
    seen.forChannel('C1').add('1577880000.000100');
    expect(seen.forChannel('C1').add('1577880000.000100')).toBe(true);
    expect(seen.forChannel('C2').add('1577880000.000100')).toBe(false);
  });
});
