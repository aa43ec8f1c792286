import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPostmarkStandIn, type PostmarkStandIn } from '../../../tests/stand-ins/postmark.ts';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { mailMessages } from '../db/schema/mail.ts';
import { createOutboxTransport } from './outbox-transport.ts';
import { watchMailTrouble } from './mail-trouble.ts';
import { createPostmarkTransport } from './postmark-transport.ts';

const TOKEN = 'stand-in-server-token';
const NOW = Date.parse('2026-11-20T15:00:00Z');

describe('the code page learns of provider trouble', () => {
  let standIn: PostmarkStandIn;
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  // Slow answers outlast the probe's 3-second deadline.
  beforeAll(async () => (standIn = await startPostmarkStandIn({ token: TOKEN, slowAnswerMs: 8_000 })));
  afterAll(() => standIn.close());
  beforeEach(async () => (database = await openTempDatabase()));
  afterEach(() => {
    database.dispose();
    standIn.serverChecks.splice(0);
    expect(standIn.violations.splice(0)).toEqual([]);
  });

  const transport = () => createPostmarkTransport({ serverToken: TOKEN, requestHost: standIn.host, useHttps: false });
  const probes = () => standIn.serverChecks.length;
  async function answered(status: 'sent' | 'failed', at: number, errorKind: string | null = null) {
    await database.db.insert(mailMessages).values({
      id: randomUUID(),
      createdAt: new Date(at),
      recipient: 'ana@example.org',
      template: 'sign-in',
      locale: 'fr',
      stream: 'outbound',
      subject: 'Code',
      transport: 'postmark',
      status,
      errorKind,
    });
  }

  it('asks the provider when no recent answer says anything: the first person after an outage is told', async () => {
    // The last answer predates the outage: it says nothing of now.
    await answered('sent', NOW - 5 * 60_000);
    const trouble = watchMailTrouble(database.db, transport());
    standIn.answerNextWith('outage');
    expect(await trouble(NOW)).toBe('unavailable');
    expect(probes()).toBe(1);
  });

  it('asks at most every 30 seconds, whoever loads the page', async () => {
    const trouble = watchMailTrouble(database.db, transport());
    standIn.answerNextWith('server-error');
    expect(await Promise.all([trouble(NOW), trouble(NOW + 1_000), trouble(NOW + 29_999)])).toEqual(['unavailable', 'unavailable', 'unavailable']);
    expect(probes()).toBe(1);
    // Next question: the provider is back.
    expect(await trouble(NOW + 30_000)).toBeNull();
    expect(probes()).toBe(2);
  });

  it('tells an operator problem (a refused token) apart from an outage, and counts no answer in time as an outage', async () => {
    standIn.answerNextWith('invalid-token');
    expect(await watchMailTrouble(database.db, transport())(NOW)).toBe('misconfigured');
    standIn.answerNextWith('slow');
    expect(await watchMailTrouble(database.db, transport())(NOW)).toBe('unavailable');
  }, 15_000);

  it('believes a fresh answer without asking', async () => {
    await answered('failed', NOW - 5_000, 'rate-limited');
    expect(await watchMailTrouble(database.db, transport())(NOW)).toBe('rate-limited');
    await answered('sent', NOW - 1_000);
    expect(await watchMailTrouble(database.db, transport())(NOW)).toBeNull();
    // A refusal about one recipient says nothing about the provider.
    await answered('failed', NOW - 500, 'inactive-recipient');
    expect(await watchMailTrouble(database.db, transport())(NOW)).toBeNull();
    expect(probes()).toBe(0);
  });

  it('without a provider to ask (the outbox), reads the last ten minutes as before', async () => {
    const outbox = createOutboxTransport({});
    await answered('failed', NOW - 5 * 60_000, 'unavailable');
    expect(await watchMailTrouble(database.db, outbox)(NOW)).toBe('unavailable');
    expect(await watchMailTrouble(database.db, outbox)(NOW + 11 * 60_000)).toBeNull();
  });
});
