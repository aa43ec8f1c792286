import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { campaignRecipients } from '../../src/core/db/schema/campaigns.ts';
import { startPostmarkStandIn, type PostmarkStandIn } from '../stand-ins/postmark.ts';
import { addInvitedMembers, startedCampaign } from '../support/campaign-fixtures.ts';
import { openTempDatabase } from '../support/temp-database.ts';

const TOKEN = 'stand-in-server-token';
const CHILD = fileURLToPath(new URL('../support/campaign-worker-process.ts', import.meta.url));
const MEMBERS = 300;
const KILLS = 20;

let standIn: PostmarkStandIn;
/** Set by a run: called when a batch reaches the stand-in. */
let batchArrived: (() => void) | null = null;
beforeAll(async () => {
  // Each batch answer takes a little while, so kills land before, during and after Postmark takes a batch.
  standIn = await startPostmarkStandIn({ token: TOKEN, batchDelayMs: () => Math.floor(Math.random() * 40), onBatch: () => batchArrived?.() });
});
afterAll(() => standIn.close());

/**
 * Runs the worker. With `kill`, kills it once its n-th batch reaches the
 * stand-in, after a random pause: before Postmark takes the batch, while it
 * answers, or after, while the worker records the answer. (Start-up time on a
 * loaded machine varies by seconds, so the kill follows the work, not the clock.)
 * True when the kill landed.
 */
function runWorker(dataDir: string, kill: { afterBatches: number; pauseMs: number } | null): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD], {
      env: { ...process.env, CAMPAIGN_DATA_DIR: dataDir, CAMPAIGN_TOKEN: TOKEN, CAMPAIGN_POSTMARK_HOST: standIn.host },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let killed = false;
    let timer: NodeJS.Timeout | null = null;
    let batches = 0;
    batchArrived = () => {
      if (!kill || timer || ++batches < kill.afterBatches) return;
      timer = setTimeout(() => {
        killed = child.kill('SIGKILL');
      }, kill.pauseMs);
    };
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal === 'SIGKILL' && killed) resolve(true);
      else if (code === 0) resolve(false);
      else reject(new Error(`the worker failed (${code ?? signal}): ${stderr}`));
    });
  });
}

it(`sends exactly once to every recipient although the worker is killed at random ${KILLS} times`, async () => {
  const database = await openTempDatabase();
  try {
    await addInvitedMembers(database.db, MEMBERS);
    const campaign = await startedCampaign(database.db, { firstWave: MEMBERS, dailyCap: MEMBERS, organisationHourlyCap: MEMBERS }, new Date());
    const dataDir = path.dirname(database.file);
    let kills = 0;
    let runs = 0;
    let killsAfterSending = 0;
    while (kills < KILLS) {
      runs++;
      const before = standIn.accepted.length;
      if (await runWorker(dataDir, { afterBatches: 1 + Math.floor(Math.random() * 3), pauseMs: Math.floor(Math.random() * 80) })) kills++;
      else break;
      if (standIn.accepted.length > before) killsAfterSending++;
    }
    expect(kills).toBe(KILLS);
    // Kills interrupted workers that were sending, not ones still starting.
    expect(killsAfterSending).toBeGreaterThanOrEqual(KILLS / 2);
    // The kills happened while there was still work: the campaign was not done before the last one.
    const unfinished = await database.db.select().from(campaignRecipients).where(eq(campaignRecipients.state, 'queued'));
    expect(unfinished.length).toBeGreaterThan(0);
    await runWorker(dataDir, null);

    const perMember = new Map<string, number>();
    for (const message of standIn.accepted) perMember.set(message.metadata.member_id!, (perMember.get(message.metadata.member_id!) ?? 0) + 1);
    expect(perMember.size).toBe(MEMBERS);
    expect([...perMember.entries()].filter(([, count]) => count !== 1)).toEqual([]);
    const rows = await database.db.select().from(campaignRecipients).where(eq(campaignRecipients.campaignId, campaign.id));
    expect(rows.filter((row) => row.state !== 'sent')).toEqual([]);
    expect(standIn.violations).toEqual([]);
    expect(runs).toBeGreaterThanOrEqual(KILLS);
  } finally {
    database.dispose();
  }
}, 600_000);
