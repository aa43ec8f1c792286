import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planWaves, scheduleOf, summarizeSchedule, waveCapacity } from './warm-up-plan.ts';

const start = new Date('2026-11-20T14:00:00Z');
const HOUR = 3_600_000;
const people = (count: number, organisation: (index: number) => string = () => 'a.org') => Array.from({ length: count }, (_, index) => ({ id: index, organisation: organisation(index) }));

describe('warm-up plan', () => {
  it('sends a small first wave, then doubles each day up to the daily cap', () => {
    const plan = { firstWave: 50, growth: 2, dailyCap: 300, organisationHourlyCap: 1000 };
    expect([0, 1, 2, 3, 4].map((wave) => waveCapacity(plan, wave))).toEqual([50, 100, 200, 300, 300]);
    const placed = planWaves(people(1000), plan, start);
    const { days, lastAt } = summarizeSchedule(placed);
    expect(days.map((day) => day.count)).toEqual([50, 100, 200, 300, 300, 50]);
    expect(days[1]!.at.getTime() - start.getTime()).toBe(24 * HOUR);
    expect(lastAt!.getTime()).toBe(start.getTime() + 5 * 24 * HOUR);
  });

  it('keeps the given order: the most engaged go first', () => {
    const placed = planWaves(people(30), { firstWave: 10, growth: 2, dailyCap: 100, organisationHourlyCap: 100 }, start);
    expect(placed.filter((entry) => entry.wave === 0).map((entry) => entry.recipient.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('spreads one organisation over the hours and lets the others pass', () => {
    // Ten for one university, five elsewhere; at most three an hour to the university.
    const placed = planWaves(people(15, (index) => (index < 10 ? 'uni.ca' : `other${index}.org`)), { firstWave: 100, growth: 2, dailyCap: 100, organisationHourlyCap: 3 }, start);
    const perHour = new Map<number, number>();
    for (const entry of placed.filter((item) => item.recipient.organisation === 'uni.ca')) {
      const hour = (entry.scheduledAt.getTime() - start.getTime()) / HOUR;
      perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
    }
    expect([...perHour.values()].every((count) => count <= 3)).toBe(true);
    expect([...perHour.keys()]).toEqual([0, 1, 2, 3]);
    expect(placed.filter((item) => item.recipient.organisation !== 'uni.ca').every((item) => item.scheduledAt.getTime() === start.getTime())).toBe(true);
  });

  it('moves an organisation past its day to the next day without holding back others', () => {
    const placed = planWaves(people(60, (index) => (index < 50 ? 'uni.ca' : 'b.org')), { firstWave: 100, growth: 1, dailyCap: 100, organisationHourlyCap: 1 }, start);
    expect(placed.filter((item) => item.recipient.organisation === 'uni.ca' && item.wave === 0)).toHaveLength(24);
    expect(placed.filter((item) => item.recipient.organisation === 'b.org').every((item) => item.wave === 0)).toBe(true);
    expect(placed).toHaveLength(60);
  });

  it("a draft's schedule, read from organisations alone, is the plan's summary", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a.org', 'b.org', 'uni.ca', 'c.net', 'd.io'), { maxLength: 400 }),
        fc.record({ firstWave: fc.integer({ min: 1, max: 60 }), growth: fc.double({ min: 1, max: 4, noNaN: true }), dailyCap: fc.integer({ min: 1, max: 200 }), organisationHourlyCap: fc.integer({ min: 1, max: 8 }) }),
        (organisations, plan) => {
          const placed = planWaves(organisations.map((organisation) => ({ organisation })), plan, start);
          expect(scheduleOf(organisations, plan, start)).toEqual({ ...summarizeSchedule(placed), count: placed.length });
        },
      ),
    );
  });
});
