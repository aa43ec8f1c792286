import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNotice, yearIn } from './documents.ts';

const exactYear = (timeZone: string, ms: number) => Number(new Intl.DateTimeFormat('en-CA', { year: 'numeric', timeZone }).format(ms));

describe('yearIn', () => {
  it('turns the year at midnight in the zone, not in UTC', () => {
    const toronto = yearIn('America/Toronto');
    expect(toronto(Date.parse('2024-01-01T04:59:59.999Z'))).toBe(2023);
    expect(toronto(Date.parse('2024-01-01T05:00:00.000Z'))).toBe(2024);
  });

  it('is exact inside a quarter hour in which the year turns (Toronto kept local mean time, −5:17:32, until 1895)', () => {
    const toronto = yearIn('America/Toronto');
    // The quarter is asked about first from its start, then at the instants either side of midnight.
    expect(toronto(Date.parse('1890-01-01T05:16:00Z'))).toBe(1889);
    expect(toronto(Date.parse('1890-01-01T05:17:31Z'))).toBe(1889);
    expect(toronto(Date.parse('1890-01-01T05:17:33Z'))).toBe(1890);
    expect(toronto(Date.parse('1890-01-01T05:29:00Z'))).toBe(1890);
  });

  it('answers as formatting each instant would, odd historical offsets included', () => {
    // Toronto kept local mean time (−5:17:32) until 1895, Kathmandu is at +5:45: years there do not turn on a quarter hour.
    const zones = ['America/Toronto', 'Asia/Kathmandu', 'Pacific/Chatham', 'UTC'];
    const years = new Map(zones.map((zone) => [zone, yearIn(zone)]));
    const aroundNewYears = fc
      .tuple(fc.integer({ min: 1850, max: 2100 }), fc.integer({ min: -20 * 3_600_000, max: 20 * 3_600_000 }))
      .map(([year, offset]) => Date.UTC(year, 0, 1) + offset);
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.oneof(aroundNewYears, fc.integer({ min: Date.UTC(1850, 0, 1), max: Date.UTC(2100, 0, 1) })),
        (zone, ms) => {
          expect(years.get(zone)!(ms)).toBe(exactYear(zone, ms));
        },
      ),
      { numRuns: 3_000 },
    );
  });
});

describe('isNotice', () => {
  it("takes Slack's own sentences for notices, and a person's words for theirs", () => {
    expect(isNotice(null, null, 'où est le journal du pair ?')).toBe(false);
    expect(isNotice('bot_message', null)).toBe(true);
    expect(isNotice(null, 'B1')).toBe(true);
    expect(isNotice('channel_topic', null)).toBe(true);
    // An older export's upload: Slack's sentence, unless the person commented it.
    expect(isNotice('file_share', null, '@ana uploaded a file: peer_log https://example.slack.com/files/ana/F1/peer_log.txt peer_log')).toBe(true);
    expect(isNotice('file_share', null, '@ana uploaded a file: peer_log https://example.slack.com/files/ana/F1/peer_log.txt and commented: the log after the crash')).toBe(false);
    expect(isNotice('file_mention', null, '@ana mentioned a file: peer_log.txt')).toBe(true);
    expect(isNotice('file_comment', null, 'this one fails at startup')).toBe(false);
  });
});
