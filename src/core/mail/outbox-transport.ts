import type { MailTransport, OutgoingMail } from './port.ts';

/**
 * The transport when no provider is configured: nothing leaves the server, and
 * `sendMail` keeps the whole message in the outbox, where administrators read
 * it and pass a code on by other means.
 */
export function createOutboxTransport(options: { echo?: (mail: OutgoingMail) => void } = {}): MailTransport {
  return {
    name: 'outbox',
    async deliver(mail) {
      // Demo mode prints the message so a newcomer can sign in from the terminal.
      options.echo?.(mail);
      return { status: 'held' };
    },
  };
}
