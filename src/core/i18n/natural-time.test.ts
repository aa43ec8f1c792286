import { describe, expect, it } from 'vitest';
import { translator } from './index.ts';
import { naturalTime } from './natural-time.ts';

const NOW = new Date('2026-12-05T15:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const fr = (date: Date) => naturalTime(date, NOW, 'fr', 'America/Toronto', translator('fr'));
const en = (date: Date) => naturalTime(date, NOW, 'en', 'America/Toronto', translator('en'));

describe('times read naturally', () => {
  it('says how long ago within a day', () => {
    expect(fr(ago(20_000))).toBe('à l’instant');
    expect(en(ago(20_000))).toBe('just now');
    expect(fr(ago(5 * 60_000))).toBe('il y a 5 minutes');
    expect(en(ago(3 * 3_600_000))).toBe('3 hours ago');
  });

  it('gives the date and time, in the community’s zone, beyond a day', () => {
    const older = new Date('2026-11-20T18:30:00Z');
    expect(fr(older)).toMatch(/20 nov\. 2026.*13 h 30/);
    expect(en(older)).toMatch(/Nov\.? 20, 2026.*1:30/);
  });
});
