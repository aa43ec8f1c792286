import net from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeMailTransport } from '../../../tests/contracts/mail-transport.contract.ts';
import { listMail } from './outbox.ts';
import type { DeliveryErrorKind, OutgoingMail } from './port.ts';
import { createPostmarkTransport, type PostmarkTransportOptions } from './postmark-transport.ts';
import { sendMail, type SendMailDeps } from './send-mail.ts';
import { renderSignInMail } from './templates/sign-in.ts';
import { startPostmarkStandIn, type PostmarkStandIn, type StandInAnswer } from '../../../tests/stand-ins/postmark.ts';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';

const TOKEN = 'stand-in-server-token';
const FROM = 'Collectif <portail@example.org>';
const TIMEOUT_SECONDS = 2.5;

/** An address nothing listens on: the provider is unreachable. */
async function closedLocalHost(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `127.0.0.1:${port}`;
}

function pointedAt(host: string, options: Partial<PostmarkTransportOptions> = {}) {
  return createPostmarkTransport({ serverToken: TOKEN, requestHost: host, useHttps: false, timeoutSeconds: TIMEOUT_SECONDS, ...options });
}

describe('postmark transport against a local stand-in', () => {
  let standIn: PostmarkStandIn;

  beforeAll(async () => {
    standIn = await startPostmarkStandIn({ token: TOKEN, slowAnswerMs: TIMEOUT_SECONDS * 1000 * 4 });
  });
  afterAll(() => standIn.close());
  afterEach(() => {
    // A request the documentation would refuse fails the test that sent it.
    expect(standIn.violations.splice(0)).toEqual([]);
  });

  describeMailTransport('postmark (stand-in)', async () => ({
    transport: pointedAt(standIn.host),
    failing: pointedAt(await closedLocalHost()),
    from: FROM,
    to: 'membre@example.org',
    delivered: () =>
      standIn.requests
        .filter((request) => request.messageId !== undefined)
        .map(({ body }) => ({ to: String(body.To), subject: String(body.Subject), html: String(body.HtmlBody), text: String(body.TextBody) })),
  }));

  describe('requests and answers', () => {
    let database: Awaited<ReturnType<typeof openTempDatabase>>;
    beforeEach(async () => {
      database = await openTempDatabase();
      standIn.requests.splice(0);
    });
    afterEach(() => database.dispose());

    const content = renderSignInMail({
      locale: 'en',
      communityName: 'Health data collective',
      code: '90817263',
      link: 'https://portal.example.org/en/sign-in/link?token=postmark-test-token',
      expiresInMinutes: 15,
      publicUrl: 'https://portal.example.org',
    });
    const mail: OutgoingMail = {
      to: 'member@example.org',
      memberId: 'member-7',
      template: 'sign-in',
      locale: 'en',
      stream: 'outbound',
      ...content,
      tag: 'sign-in',
      carriesSecret: true,
    };
    const deps = (options: Partial<PostmarkTransportOptions> = {}): SendMailDeps => ({
      db: database.db,
      transport: pointedAt(standIn.host, options),
      from: FROM,
      keepSecretBodies: false,
    });

    it('sends the documented request: token and JSON headers, every field, tracking off', async () => {
      const result = await sendMail(deps(), mail);

      expect(standIn.requests).toHaveLength(1);
      const [request] = standIn.requests;
      expect(request!.headers).toMatchObject({ 'x-postmark-server-token': TOKEN, accept: 'application/json', 'content-type': 'application/json' });
      expect(request!.body).toEqual({
        From: FROM,
        To: 'member@example.org',
        Subject: content.subject,
        HtmlBody: content.html,
        TextBody: content.text,
        MessageStream: 'outbound',
        Tag: 'sign-in',
        Metadata: { member: 'member-7' },
        TrackOpens: false,
        TrackLinks: 'None',
      });
      expect(result).toEqual({ status: 'sent', providerMessageId: request!.messageId });
    });

    it('sends bulk mail through the configured broadcast stream, with its metadata', async () => {
      await sendMail(deps({ streams: { broadcast: 'renewal-2026' } }), {
        ...mail,
        stream: 'broadcast',
        template: 'renewal',
        carriesSecret: false,
        metadata: { campaign: 'renewal-2026' },
      });

      expect(standIn.requests[0]!.body).toMatchObject({ MessageStream: 'renewal-2026', Metadata: { campaign: 'renewal-2026', member: 'member-7' } });
    });

    it('leaves Metadata out when there is none', async () => {
      const { memberId: _memberId, ...anonymous } = mail;
      await sendMail(deps(), anonymous);

      expect(standIn.requests[0]!.body).not.toHaveProperty('Metadata');
    });

    const failures: [StandInAnswer, DeliveryErrorKind][] = [
      ['inactive-recipient', 'inactive-recipient'],
      ['invalid-address', 'invalid-address'],
      ['rate-limited', 'rate-limited'],
      ['invalid-token', 'misconfigured'],
      ['server-error', 'unavailable'],
      ['outage', 'unavailable'],
      ['slow', 'unavailable'],
    ];
    it.each(failures)('returns, records and does not throw a %s answer as "%s"', async (answer, kind) => {
      standIn.answerNextWith(answer);

      const sending = sendMail(deps(), mail);

      await expect(sending).resolves.toEqual({ status: 'failed', kind, message: expect.stringMatching(/\S/) });
      const { items } = await listMail(database.db, { page: 1, pageSize: 10 });
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ status: 'failed', errorKind: kind, providerMessageId: null, sentAt: null });
    });

    it('keeps Postmark’s explanation for the outbox', async () => {
      standIn.answerNextWith('inactive-recipient');
      await sendMail(deps(), mail);

      const { items } = await listMail(database.db, { page: 1, pageSize: 10 });
      expect(items[0]!.errorMessage).toMatch(/marked as inactive/);
    });
  });
});

const realToken = process.env.POSTMARK_SERVER_TOKEN;
const realRecipient = process.env.POSTMARK_TEST_TO;

/**
 * Runs only with credentials. POSTMARK_SERVER_TOKEN=POSTMARK_API_TEST checks
 * requests without delivering; a real server token sends to POSTMARK_TEST_TO
 * from MAIL_FROM (a confirmed sender signature), or from that same address.
 */
describe.runIf(realToken && realRecipient)('postmark transport against the real API', () => {
  describeMailTransport('postmark (real API)', async () => ({
    transport: createPostmarkTransport({ serverToken: realToken! }),
    failing: createPostmarkTransport({ serverToken: 'not-a-postmark-token' }),
    from: process.env.MAIL_FROM ?? realRecipient!,
    to: realRecipient!,
  }));
});
