import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCampaign, standardBases, templateIn, temporaryWork, type CampaignReport } from './fuzz-campaign.ts';
import type { FuzzBase } from './fuzz-run.ts';

/*
 * Seeded mutants of three exports, in `npm test` (`npm run bench:fuzz` runs a
 * thousand and more, on the real corpus too). The importer may refuse or name the
 * damage; it may never crash, hang or lose a message without a line that says so.
 * A clean re-import after each one must make the archive a fresh import makes.
 */
const MUTANTS = 200;
const FIRST_SEED = 1;

{
  const work = temporaryWork();
  let template = '';
  let bases: FuzzBase[] = [];
  let report: CampaignReport;

  beforeAll(async () => {
    template = await templateIn(work.dir);
    bases = await standardBases(work.dir, template, 150, 2);
    report = await runCampaign(bases, template, MUTANTS, { firstSeed: FIRST_SEED });
    console.log(JSON.stringify({ ...report, failures: report.failures.length }, null, 1));
  }, 600_000);

  afterAll(() => work.dispose());

  describe(`${MUTANTS} damaged exports from seed ${FIRST_SEED}`, () => {
    it('never crash, never hang, and never lose a message without naming it', () => {
      expect(report.failures).toEqual([]);
      expect(report.counts.crash + report.counts.hang + report.counts['silent loss']).toBe(0);
    });

    it('covered every kind of damage, and some were refused while others imported with the damage named', () => {
      expect(Object.keys(report.byKind).length).toBeGreaterThanOrEqual(15);
      // Which seeds end in a refusal is chance: these hold some, and check that refusals are classed.
      expect(report.counts.refused).toBeGreaterThan(0);
      expect(report.counts['imported, damage named']).toBeGreaterThan(0);
      expect(report.convergenceChecked).toBe(MUTANTS - report.counts.crash - report.counts.hang);
      expect(report.diverged).toBe(0);
    });
  });
}
