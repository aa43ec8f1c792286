import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getMail, listMail } from './outbox.ts';
import type { MailTransport, OutgoingMail } from './port.ts';
import { sendMail } from './send-mail.ts';
import { renderSignInMail } from './templates/sign-in.ts';
import { captureLog } from '../../../tests/support/capture-log.ts';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';

const CODE = '55501234';
const TOKEN = 'send-mail-test-token-9f2c';
const mail: OutgoingMail = {
  to: 'member@example.org',
  memberId: 'member-1',
  template: 'sign-in',
  locale: 'fr',
  stream: 'outbound',
  ...renderSignInMail({
    locale: 'fr',
    communityName: 'Collectif',
    code: CODE,
    link: `https://portail.example.org/fr/connexion/lien?token=${TOKEN}`,
    expiresInMinutes: 15,
    publicUrl: 'https://portail.example.org',
  }),
  carriesSecret: true,
};

describe('sendMail', () => {
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  beforeEach(async () => {
    database = await openTempDatabase();
  });
  afterEach(() => database.dispose());

  async function onlyRow() {
    const { items } = await listMail(database.db, { page: 1, pageSize: 10 });
    expect(items).toHaveLength(1);
    return (await getMail(database.db, items[0]!.id))!;
  }

  it('turns a transport that throws into a recorded failure, and logs neither the body nor the code', async () => {
    // Errors from HTTP clients often carry the request, and with it the body.
    const throwing: MailTransport = {
      name: 'broken',
      deliver: async (outgoing) => {
        throw Object.assign(new Error('socket hang up'), { request: { body: outgoing.text } });
      },
    };
    const { log, output } = captureLog();

    const result = await sendMail({ db: database.db, transport: throwing, from: 'from@example.org', keepSecretBodies: false, log }, mail);

    expect(result).toEqual({ status: 'failed', kind: 'unavailable', message: 'broken failed unexpectedly: socket hang up' });
    expect(await onlyRow()).toMatchObject({ status: 'failed', errorKind: 'unavailable', htmlBody: null, textBody: null });
    expect(output()).toContain('socket hang up');
    expect(output()).toContain('member-1');
    for (const secret of [CODE, '5550 1234', TOKEN, mail.text]) expect(output()).not.toContain(secret);
  });

  it('logs a delivered message without its recipient address, body or code', async () => {
    const { log, output } = captureLog();
    const sent: MailTransport = { name: 'fake', deliver: async () => ({ status: 'sent', providerMessageId: 'pm-1' }) };

    await sendMail({ db: database.db, transport: sent, from: 'from@example.org', keepSecretBodies: false, log }, mail);

    const [entry] = output().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entry).toMatchObject({ msg: 'mail sent', template: 'sign-in', transport: 'fake', providerMessageId: 'pm-1', memberId: 'member-1' });
    for (const secret of [CODE, TOKEN, mail.to]) expect(output()).not.toContain(secret);
  });

  it('dates the record when it was made and the sending when the provider accepted it', async () => {
    const times = [new Date('2026-11-20T10:00:00Z'), new Date('2026-11-20T10:00:02Z')];
    const sent: MailTransport = { name: 'fake', deliver: async () => ({ status: 'sent', providerMessageId: 'pm-1' }) };

    await sendMail({ db: database.db, transport: sent, from: 'f@example.org', keepSecretBodies: false, now: () => times.shift()! }, mail);

    expect(await onlyRow()).toMatchObject({ createdAt: new Date('2026-11-20T10:00:00Z'), sentAt: new Date('2026-11-20T10:00:02Z') });
  });

  it('reports what the transport did even when the outcome cannot be recorded', async () => {
    const { log, output } = captureLog();
    const sentThenDatabaseGone: MailTransport = {
      name: 'fake',
      deliver: async () => {
        database.close();
        return { status: 'sent', providerMessageId: 'pm-2' };
      },
    };

    const result = await sendMail({ db: database.db, transport: sentThenDatabaseGone, from: 'f@example.org', keepSecretBodies: false, log }, mail);

    expect(result).toEqual({ status: 'sent', providerMessageId: 'pm-2' });
    expect(output()).toContain('mail outcome could not be recorded');
  });
});
