import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LEASE_NAME } from '../core/campaigns/worker.ts';
import { loadConfig } from '../core/config.ts';
import { startCampaignSender } from './campaign-sender.ts';
import { startDnsStandIn, type DnsStandIn } from '../../tests/stand-ins/dns.ts';
import { startPostmarkStandIn, type PostmarkStandIn } from '../../tests/stand-ins/postmark.ts';
import { addInvitedMembers, startedCampaign } from '../../tests/support/campaign-fixtures.ts';
import { captureLog } from '../../tests/support/capture-log.ts';
import { openTempDatabase } from '../../tests/support/temp-database.ts';
import { PRODUCTION_ENV } from '../../tests/support/production-env.ts';

const TOKEN = 'stand-in-server-token';

describe('the campaign sender inside the server', () => {
  let postmark: PostmarkStandIn;
  let dns: DnsStandIn;
  let database: Awaited<ReturnType<typeof openTempDatabase>>;

  beforeAll(async () => {
    postmark = await startPostmarkStandIn({ token: TOKEN });
    dns = await startDnsStandIn({});
  });
  afterAll(async () => {
    await postmark.close();
    await dns.close();
  });
  beforeEach(async () => {
    database = await openTempDatabase();
    postmark.accepted.splice(0);
  });
  afterEach(() => {
    database.dispose();
    expect(postmark.violations.splice(0)).toEqual([]);
  });

  const config = (postmarkSet: boolean) =>
    loadConfig(
      {
        ...PRODUCTION_ENV,
        DATA_DIR: path.dirname(database.file),
        DNS_SERVERS: dns.server,
        ...(postmarkSet ? { POSTMARK_SERVER_TOKEN: TOKEN, MAIL_FROM: 'Collectif <annonces@example.org>' } : {}),
      },
      { demo: false },
    );
  const until = async (condition: () => boolean | Promise<boolean>, ms = 10_000) => {
    const deadline = Date.now() + ms;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const leaseHolders = async () => (await database.client.execute({ sql: 'SELECT holder FROM worker_leases WHERE name = ?', args: [LEASE_NAME] })).rows.length;

  it('is not started without Postmark', async () => {
    const captured = captureLog();
    expect(await startCampaignSender(config(false), captured.log)).toBeNull();
    expect(captured.output()).toContain('campaigns are not sent');
  });

  it('sends what is due, one server at a time, and gives the lease back when the server stops', async () => {
    await addInvitedMembers(database.db, 8);
    await startedCampaign(database.db, { firstWave: 50 }, new Date());
    const options = { intervalMs: 50, postmarkHost: { requestHost: postmark.host, useHttps: false } };
    const first = (await startCampaignSender(config(true), captureLog().log, options))!;
    const second = (await startCampaignSender(config(true), captureLog().log, options))!;
    await until(() => postmark.accepted.length === 8);
    // A few more rounds of both: nobody gets a second message.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(new Set(postmark.accepted.map((message) => message.to)).size).toBe(8);
    expect(postmark.accepted).toHaveLength(8);
    expect(await leaseHolders()).toBe(1);
    await first.stop();
    await second.stop();
    expect(await leaseHolders()).toBe(0);
  });
});
