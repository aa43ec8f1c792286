import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCampaign, standardBases, templateIn, temporaryWork, type CampaignReport } from './fuzz-campaign.ts';
import type { FuzzBase } from './fuzz-run.ts';

/*
 * Seeded mutants of three exports, in `npm test` (`npm run bench:fuzz` runs a
 * thousand and more, on the real corpus too). The importer may refuse or name the
 * damage; it may never crash, hang or lose a message without a line that says so.
 * The 150 of `npm test` are two suites of 75, which run side by side on two cores.
 */
export function fuzzSuite(firstSeed: number, mutants: number, { someRefused }: { someRefused: boolean }): void {
  const work = temporaryWork();
  let template = '';
  let bases: FuzzBase[] = [];
  let report: CampaignReport;

  beforeAll(async () => {
    template = await templateIn(work.dir);
    bases = await standardBases(work.dir, template, 150, 2);
    // A re-import doubles a mutant's cost: here every tenth is compared, the bench compares all.
    report = await runCampaign(bases, template, mutants, { firstSeed, convergenceEvery: 10 });
    console.log(JSON.stringify({ ...report, failures: report.failures.length }, null, 1));
  }, 600_000);

  afterAll(() => work.dispose());

  describe(`${mutants} damaged exports from seed ${firstSeed}`, () => {
    it('never crash, never hang, and never lose a message without naming it', () => {
      expect(report.failures).toEqual([]);
      expect(report.counts.crash + report.counts.hang + report.counts['silent loss']).toBe(0);
    });

    it(`covered every kind of damage${someRefused ? ', and some were refused while others' : ', and some'} imported with the damage named`, () => {
      expect(Object.keys(report.byKind).length).toBeGreaterThanOrEqual(15);
      // Which seeds end in a refusal is chance: the first hundred hold some, and check that refusals are classed.
      if (someRefused) expect(report.counts.refused).toBeGreaterThan(0);
      expect(report.counts['imported, damage named']).toBeGreaterThan(0);
      expect(report.convergenceChecked).toBe(Math.ceil(mutants / 10));
      expect(report.diverged).toBe(0);
    });
  });
}
