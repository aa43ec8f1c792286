import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { mailMessages } from '../db/schema/mail.ts';
import type { Logger } from '../log.ts';
import { safeError } from '../text/safe-error.ts';
import type { DeliveryResult, MailTransport, OutgoingMail } from './port.ts';

export interface SendMailDeps {
  db: Db;
  transport: MailTransport;
  from: string;
  /** Demo mode keeps bodies holding sign-in codes; production drops them once a provider has them. */
  keepSecretBodies: boolean;
  log?: Logger;
  now?: () => Date;
}

/**
 * Records the message, hands it to the transport, records the outcome. Every
 * message leaves a row, even one that failed, so administrators can see what
 * members were (not) sent. Never throws: the caller gets a `failed` result.
 */
export async function sendMail(deps: SendMailDeps, mail: OutgoingMail): Promise<DeliveryResult> {
  const now = deps.now ?? (() => new Date());
  const id = randomUUID();
  const about = { mailId: id, memberId: mail.memberId, template: mail.template, transport: deps.transport.name };
  // A live code is never written to disk for a provider unless the operator asked to keep it.
  const keepBodiesWhateverHappens = !mail.carriesSecret || deps.keepSecretBodies;
  try {
    await deps.db.insert(mailMessages).values({
      id,
      createdAt: now(),
      recipient: mail.to,
      memberId: mail.memberId ?? null,
      template: mail.template,
      locale: mail.locale,
      stream: mail.stream,
      subject: mail.subject,
      transport: deps.transport.name,
      status: 'sending',
      htmlBody: keepBodiesWhateverHappens ? mail.html : null,
      textBody: keepBodiesWhateverHappens ? mail.text : null,
    });
  } catch (error) {
    // Nothing is delivered unrecorded: the outbox must list everything that left.
    deps.log?.error({ ...about, err: safeError(error) }, 'mail not sent: it could not be recorded');
    return { status: 'failed', kind: 'unavailable', message: 'the message could not be recorded' };
  }

  const result = await deliverSafely(deps, mail, about);
  // Held messages are read in the outbox, so they keep their bodies.
  const keepBodies = keepBodiesWhateverHappens || result.status === 'held';
  try {
    await deps.db
      .update(mailMessages)
      .set({
        status: result.status,
        providerMessageId: result.status === 'sent' ? result.providerMessageId : null,
        errorKind: result.status === 'failed' ? result.kind : null,
        errorMessage: result.status === 'failed' ? result.message : null,
        htmlBody: keepBodies ? mail.html : null,
        textBody: keepBodies ? mail.text : null,
        sentAt: result.status === 'sent' ? now() : null,
      })
      .where(eq(mailMessages.id, id));
  } catch (error) {
    // The transport has already acted: report what it did, the row stays "sending" for an administrator to see.
    deps.log?.error({ ...about, status: result.status, err: safeError(error) }, 'mail outcome could not be recorded');
    return result;
  }
  logOutcome(deps.log, about, result);
  return result;
}

async function deliverSafely(deps: SendMailDeps, mail: OutgoingMail, about: object): Promise<DeliveryResult> {
  try {
    return await deps.transport.deliver(mail, deps.from);
  } catch (error) {
    deps.log?.error({ ...about, err: safeError(error) }, 'mail transport threw');
    return { status: 'failed', kind: 'unavailable', message: `${deps.transport.name} failed unexpectedly: ${safeError(error).message}` };
  }
}

function logOutcome(log: Logger | undefined, about: object, result: DeliveryResult): void {
  if (result.status === 'sent') log?.info({ ...about, providerMessageId: result.providerMessageId }, 'mail sent');
  else if (result.status === 'held') log?.info(about, 'mail held in the outbox');
  else log?.warn({ ...about, errorKind: result.kind, errorMessage: safeError(new Error(result.message)).message }, 'mail not delivered');
}
