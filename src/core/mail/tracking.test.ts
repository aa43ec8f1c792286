import { afterEach, describe, expect, it } from 'vitest';
import { startPostmarkStandIn, type PostmarkStandIn } from '../../../tests/stand-ins/postmark.ts';
import { createPostmarkBroadcast } from '../campaigns/postmark-broadcast.ts';
import { createPostmarkTransport, type MailTracking } from './postmark-transport.ts';

/**
 * Open and link tracking stay off unless the community turns them on
 * (MAIL_TRACK_OPENS, MAIL_TRACK_LINKS). The stand-in refuses any message whose
 * tracking differs from what it was told the community configured.
 */
const TOKEN = 'tracking-test-token';
const FROM = 'Collectif <bonjour@example.org>';
const message = { to: 'membre@example.org', subject: 'Nouvelles', html: '<p>Bonjour {{{ pm:unsubscribe }}}</p>', text: 'Bonjour {{{ pm:unsubscribe }}}' };

let standIn: PostmarkStandIn;
afterEach(async () => {
  await standIn.close();
});

async function sendBoth(tracking: MailTracking | undefined) {
  const transport = createPostmarkTransport({ serverToken: TOKEN, requestHost: standIn.host, useHttps: false, timeoutSeconds: 5, tracking });
  const broadcast = createPostmarkBroadcast({ serverToken: TOKEN, from: FROM, stream: 'broadcast', requestHost: standIn.host, useHttps: false, timeoutSeconds: 5, tracking });
  const sent = await transport.deliver({ ...message, stream: 'outbound', template: 'sign-in', locale: 'fr', tag: 'sign-in', carriesSecret: false }, FROM);
  const batch = await broadcast.sendBatch([{ ...message, key: { campaignId: 'k1', memberId: 'm1', step: 'invite' }, tag: 'renewal' }]).catch((error: unknown) => error);
  return { sent, batch };
}

describe('Postmark tracking', () => {
  it('is off on transactional and broadcast sends by default', async () => {
    standIn = await startPostmarkStandIn({ token: TOKEN });
    const { sent, batch } = await sendBoth(undefined);
    expect(sent.status).toBe('sent');
    expect(batch).toEqual([{ accepted: true, messageId: expect.any(String) }]);
    expect(standIn.requests.map((request) => [request.body.TrackOpens, request.body.TrackLinks])).toEqual([
      [false, 'None'],
      [false, 'None'],
    ]);
    expect(standIn.violations).toEqual([]);
  });

  it('follows the configuration when the community turns it on', async () => {
    standIn = await startPostmarkStandIn({ token: TOKEN, tracking: { opens: true, links: 'HtmlOnly' } });
    const { sent, batch } = await sendBoth({ opens: true, links: 'HtmlOnly' });
    expect(sent.status).toBe('sent');
    expect(batch).toEqual([{ accepted: true, messageId: expect.any(String) }]);
    expect(standIn.violations).toEqual([]);
  });
});
