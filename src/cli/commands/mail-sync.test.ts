import { Command } from 'commander';
import { ServerClient } from 'postmark';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { campaignRecipients, mailEvents } from '../../core/db/schema/campaigns.ts';
import { createPostmarkHistory } from '../../core/mail/events/postmark-history.ts';
import { receivePostmarkWebhook } from '../../core/mail/events/receive-postmark-webhook.ts';
import { lastSyncedUntil } from '../../core/mail/events/sync-mail-events.ts';
import { postmarkApiTime } from '../../core/campaigns/postmark-broadcast.ts';
import { easternTime, startPostmarkStandIn, type PostmarkStandIn } from '../../../tests/stand-ins/postmark.ts';
import { captureLog } from '../../../tests/support/capture-log.ts';
import { basicAuthorization, bounceHook, deliveryHook, HOOK_PASSWORD, HOOK_USER } from '../../../bench/postmark-webhook-bodies.ts';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { registerMail, SYNC_EXIT, type OpenMailSync } from './mail.ts';

const TOKEN = 'stand-in-server-token';

describe('npm run passerelle -- mail sync', () => {
  let postmark: PostmarkStandIn;
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  let out: string[];
  let err: string[];
  let exitCode: number;

  // A fresh Postmark for each test: what one test sent never shows in another's period.
  beforeEach(async () => {
    postmark = await startPostmarkStandIn({ token: TOKEN });
    database = await openTempDatabase();
    out = [];
    err = [];
    exitCode = 0;
  });
  afterEach(async () => {
    database.dispose();
    await postmark.close();
    expect(postmark.violations).toEqual([]);
  });

  const open: OpenMailSync = (work) =>
    work({ db: database.db, history: createPostmarkHistory({ serverToken: TOKEN, requestHost: postmark.host, useHttps: false, timeoutSeconds: 5 }), streams: ['outbound', 'broadcast'] });

  async function passerelle(...args: string[]): Promise<void> {
    const program = new Command().exitOverride();
    registerMail(program, open, { out: (line) => out.push(line), err: (line) => err.push(line), progress: () => undefined, exit: (code) => (exitCode = code) });
    await program.parseAsync(['node', 'passerelle', 'mail', 'sync', ...args]);
  }

  const sender = () => new ServerClient(TOKEN, { requestHost: postmark.host, useHttps: false });
  async function send(to: string, metadata: Record<string, string> = {}): Promise<string> {
    const sent = await sender().sendEmail({ From: 'bonjour@example.org', To: to, Subject: 'Connexion', HtmlBody: '<p>x</p>', TextBody: 'x', MessageStream: 'outbound', TrackOpens: false, TrackLinks: 'None' as never, Metadata: metadata });
    return sent.MessageID;
  }
  const events = async () => (await database.db.select().from(mailEvents)).sort((a, b) => a.id.localeCompare(b.id));
  const base = Math.floor(Date.now() / 1000) * 1000;
  const at = (minutes: number) => new Date(base - 60 * 60_000 + minutes * 60_000);

  it('reads deliveries with their receiving server, bounces with their type and answer, and suppressions, through the official client', async () => {
    const since = new Date(Date.now() - 5 * 60_000).toISOString();
    const delivered = await send('membre@ulaval.example', { campaign_id: 'c1', member_id: 'm1', step: 'invite' });
    const bounced = await send('parti@example.org');
    const silent = await send('quarantaine@exchange.example');
    const unsubscribed = await send('plusjamais@example.org');
    await database.db.insert(campaignRecipients).values({
      campaignId: 'c1', memberId: 'm1', step: 'invite', email: 'membre@ulaval.example', domain: 'ulaval.example', organisation: 'ulaval.example',
      locale: 'fr', wave: 0, scheduledAt: at(0), state: 'sending', updatedAt: at(0),
    });
    postmark.deliver(delivered, { at: at(1), server: 'ulaval-ca.mail.protection.outlook.com', answer: 'smtp;250 2.6.0 Queued mail for delivery' });
    const bounceId = postmark.bounce(bounced, 'HardBounce', 1, at(2));
    postmark.changeSubscription(unsubscribed, true, 'ManualSuppression', at(3));

    await passerelle('--since', since);
    expect(err).toEqual([]);
    expect(exitCode).toBe(0);
    expect(out.at(-1)).toMatch(/^Synced .* \(outbound, broadcast\): 4 messages and 1 bounces read, 4 events, 3 new\.$/);
    const stored = await events();
    expect(stored).toEqual([
      expect.objectContaining({ id: `bounce:${bounceId}`, kind: 'bounced', providerMessageId: bounced, detail: 'HardBounce', serverAnswer: expect.stringContaining('550 5.1.1'), description: expect.stringContaining('unable to deliver') }),
      expect.objectContaining({ id: `delivery:${delivered}:membre@ulaval.example`, kind: 'delivered', receivingServer: 'ulaval-ca.mail.protection.outlook.com', serverAnswer: 'smtp;250 2.6.0 Queued mail for delivery', campaignId: 'c1', memberId: 'm1' }),
      expect.objectContaining({ kind: 'unsubscribed', providerMessageId: unsubscribed, detail: 'ManualSuppression', description: 'Recipient', recipient: 'plusjamais@example.org' }),
    ]);
    // Eastern times with their offset are read as the instants they are.
    expect(stored.find((event) => event.kind === 'delivered')!.at).toEqual(at(1));
    expect(stored.some((event) => event.providerMessageId === silent)).toBe(false);
    const [recipient] = await database.db.select().from(campaignRecipients);
    expect(recipient).toMatchObject({ state: 'delivered', providerMessageId: delivered });
    // Both streams, both APIs, in Postmark's zone, within the documented paging limits.
    const listed = postmark.reads.filter((read) => read.startsWith('/messages/outbound?'));
    expect(listed.map((read) => new URL(read, 'http://x').searchParams.get('messageStream'))).toEqual(['outbound', 'broadcast']);
    expect(new URL(listed[0]!, 'http://x').searchParams.get('fromDate')).toBe(postmarkApiTime(new Date(since)));
    expect(postmark.reads.filter((read) => read.startsWith('/bounces?'))).toHaveLength(2);
  });

  it('continues from where the last sync ended, re-reading only the hours just before it', async () => {
    const first = await send('a@example.org');
    postmark.deliver(first);
    await passerelle('--since', new Date(Date.now() - 60_000).toISOString());
    const until = await lastSyncedUntil(database.db);
    expect(until).not.toBeNull();
    postmark.reads.splice(0);
    out.splice(0);

    const second = await send('b@example.org');
    postmark.deliver(second);
    await passerelle();
    expect(exitCode).toBe(0);
    const fromDate = new URL(postmark.reads.find((read) => read.startsWith('/messages/outbound?'))!, 'http://x').searchParams.get('fromDate');
    expect(fromDate).toBe(postmarkApiTime(new Date(until!.getTime() - 6 * 3_600_000)));
    expect(out.at(-1)).toMatch(/ 1 new\.$/);
    expect((await events()).map((event) => event.providerMessageId).sort()).toEqual([first, second].sort());
    expect((await lastSyncedUntil(database.db))!.getTime()).toBeGreaterThan(until!.getTime());
  });

  it('a bounce told by the webhook, then pulled by the sync, is one event', async () => {
    const bounced = await send('parti@example.org');
    const bounceId = postmark.bounce(bounced, 'HardBounce', 1, at(2));
    const hook = bounceHook(bounceId, bounced, 'parti@example.org', { at: easternTime(at(2)) });
    const response = await receivePostmarkWebhook(
      new Request('https://portail.example.org/hooks/postmark', { method: 'POST', headers: { authorization: basicAuthorization(HOOK_USER, HOOK_PASSWORD) }, body: JSON.stringify({ ...hook, MessageStream: 'outbound' }) }),
      { db: database.db, credentials: { user: HOOK_USER, password: HOOK_PASSWORD }, log: captureLog().log },
    );
    expect(response.status).toBe(200);
    const before = await events();
    await passerelle('--since', new Date(Date.now() - 2 * 3_600_000).toISOString());
    expect(out.at(-1)).toMatch(/ 0 new\.$/);
    expect(await events()).toEqual(before);
  });

  it('a delivery told by the webhook, then read by the sync, is one event, completed with the receiving server only the API names', async () => {
    const delivered = await send('membre@ulaval.example');
    postmark.deliver(delivered, { at: at(1), server: 'ulaval-ca.mail.protection.outlook.com', answer: 'smtp;250 2.6.0 Queued (API)' });
    const response = await receivePostmarkWebhook(
      new Request('https://portail.example.org/hooks/postmark', {
        method: 'POST',
        headers: { authorization: basicAuthorization(HOOK_USER, HOOK_PASSWORD) },
        body: JSON.stringify({ ...deliveryHook(delivered, 'membre@ulaval.example', { at: at(1).toISOString(), details: 'smtp;250 2.6.0 Queued (webhook)' }), MessageStream: 'outbound' }),
      }),
      { db: database.db, credentials: { user: HOOK_USER, password: HOOK_PASSWORD }, log: captureLog().log },
    );
    expect(response.status).toBe(200);
    await passerelle('--since', new Date(Date.now() - 60_000).toISOString());
    expect(out.at(-1)).toMatch(/ 0 new\.$/);
    expect(await events()).toEqual([
      expect.objectContaining({ id: `delivery:${delivered}:membre@ulaval.example`, kind: 'delivered', at: at(1), serverAnswer: 'smtp;250 2.6.0 Queued (webhook)', receivingServer: 'ulaval-ca.mail.protection.outlook.com' }),
    ]);
  });

  it('says clearly when Postmark cannot be reached, without a stack, exits 2 and marks nothing synced', async () => {
    postmark.answerReadsWith('outage');
    await passerelle('--since', '2026-11-01T00:00:00Z');
    expect(exitCode).toBe(SYNC_EXIT.postmark);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^passerelle: Postmark could not be read \(unavailable: .*\)\. Nothing was marked as synced/);
    expect(err[0]).not.toMatch(/\n\s+at /);
    expect(await lastSyncedUntil(database.db)).toBeNull();

    postmark.answerReadsWith('invalid-token');
    await passerelle('--since', '2026-11-01T00:00:00Z');
    expect(err[1]).toMatch(/\(misconfigured: /);
  });

  it('refuses times that are not ISO 8601, or a period that ends before it starts, with exit code 1', async () => {
    await passerelle('--since', 'last tuesday');
    expect(exitCode).toBe(SYNC_EXIT.usage);
    expect(err[0]).toBe('passerelle: --since must be an ISO 8601 time such as 2026-11-20T09:00:00Z (got "last tuesday")');
    await passerelle('--since', '2026-11-20T00:00:00Z', '--until', '2026-11-19T00:00:00Z');
    expect(err[1]).toMatch(/must come before --until/);
    expect(postmark.reads).toEqual([]);
  });
});
