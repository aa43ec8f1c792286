/**
 * npm run bench:mrkdwn -- [--size 40000] [--runs 10]
 * Times the mrkdwn renderer on inputs built to make a parser backtrack
 * (bench/mrkdwn-inputs.ts), at `size` characters and at four times that: a
 * linear renderer takes about four times as long for four times the input, a
 * quadratic one sixteen times (on a busy machine, collections and other
 * processes blur this: compare several runs). Exits with 1 when a case is over
 * budget at `size`.
 */
import { parseArgs } from 'node:util';
import type { MentionResolver } from '../src/core/mrkdwn/mention-resolver.ts';
import { renderMrkdwn } from '../src/core/mrkdwn/render.ts';
import { machineLine } from './fixtures.ts';
import { adversarialMrkdwn } from './mrkdwn-inputs.ts';

const { values } = parseArgs({ options: { size: { type: 'string', default: '40000' }, runs: { type: 'string', default: '10' } } });
const size = Number(values.size);
const runs = Number(values.runs);
/** A message of 40,000 characters (Slack's limit) must render in well under this, on any input. */
const BUDGET_MS = 100;
const GROWTH_FACTOR = 4;
/** Below this, timer resolution and noise outweigh the growth ratio. */
const NOISE_MS = 10;

const resolver: MentionResolver = { userName: () => undefined, channelName: () => undefined, userGroupName: () => undefined };

/** The best of `runs`: it measures the algorithm rather than a garbage collection or another process. */
function fastest(source: string): number {
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    renderMrkdwn(source, resolver);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

console.log(`machine: ${machineLine()}; best of ${runs} runs; budget ${BUDGET_MS} ms at ${size} characters, then ${GROWTH_FACTOR} times the size (linear ≈ ×${GROWTH_FACTOR}, quadratic ≈ ×${GROWTH_FACTOR ** 2})`);
const inputs = adversarialMrkdwn(size);
const larger = adversarialMrkdwn(GROWTH_FACTOR * size);
let failures = 0;
for (const [name, source] of Object.entries(inputs)) {
  const once = fastest(source);
  const scaled = fastest(larger[name]!);
  const growth = once < NOISE_MS ? '   —' : `×${(scaled / once).toFixed(1)}`.padStart(5);
  const verdict = once > BUDGET_MS ? 'OVER BUDGET' : 'ok';
  if (verdict !== 'ok') failures += 1;
  console.log(`${name.padEnd(30)} ${once.toFixed(1).padStart(7)} ms  ${scaled.toFixed(1).padStart(7)} ms  ${growth}  ${verdict}`);
}
process.exitCode = failures > 0 ? 1 : 0;
