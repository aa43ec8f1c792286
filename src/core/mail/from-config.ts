import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { Logger } from '../log.ts';
import { createOutboxTransport } from './outbox-transport.ts';
import { createPostmarkTransport } from './postmark-transport.ts';
import type { SendMailDeps } from './send-mail.ts';

/**
 * Postmark when a token and a sender are configured, the outbox otherwise.
 * Demo mode keeps every body and prints held messages, so a newcomer can sign
 * in from the terminal.
 */
export function createMailDeps(settings: Pick<Config, 'demo' | 'mail' | 'contactEmail'> & Partial<Pick<Config, 'mailTracking'>>, db: Db, log: Logger): SendMailDeps {
  const mailLog = log.child({ module: 'mail' });
  if ('postmarkToken' in settings.mail) {
    return {
      db,
      transport: createPostmarkTransport({ serverToken: settings.mail.postmarkToken, streams: { outbound: settings.mail.stream }, tracking: settings.mailTracking, ...settings.mail.apiHost }),
      from: settings.mail.from,
      keepSecretBodies: settings.demo,
      log: mailLog,
    };
  }
  const echo = settings.demo ? (mail: { to: string; subject: string; text: string }) => mailLog.info(`mail for ${mail.to} — ${mail.subject}\n${mail.text}`) : undefined;
  return {
    db,
    transport: createOutboxTransport({ echo }),
    // Recorded nowhere: the outbox only stands in for the sender the community would use.
    from: settings.contactEmail,
    keepSecretBodies: settings.demo,
    log: mailLog,
  };
}
