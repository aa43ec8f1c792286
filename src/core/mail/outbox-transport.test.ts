import { describe, expect, it } from 'vitest';
import { describeMailTransport, type DeliveredMail } from '../../../tests/contracts/mail-transport.contract.ts';
import { createOutboxTransport } from './outbox-transport.ts';

describeMailTransport('outbox', async () => {
  const echoed: DeliveredMail[] = [];
  return {
    transport: createOutboxTransport({ echo: ({ to, subject, html, text }) => echoed.push({ to, subject, html, text }) }),
    // The console is the outbox's only way out: when printing fails, the demo visitor never sees the code.
    failing: createOutboxTransport({
      echo: () => {
        throw new Error('the terminal is gone');
      },
    }),
    from: 'bonjour@example.org',
    to: 'membre@example.org',
    delivered: () => echoed,
  };
});

describe('outbox transport', () => {
  it('holds every message without a console to print on', async () => {
    const transport = createOutboxTransport();
    const result = await transport.deliver(
      { to: 'a@example.org', template: 'sign-in', locale: 'en', stream: 'outbound', subject: 's', html: '<p>h</p>', text: 't', carriesSecret: true },
      'from@example.org',
    );
    expect(result).toEqual({ status: 'held' });
  });
});
