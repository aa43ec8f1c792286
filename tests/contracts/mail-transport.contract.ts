import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { getMail, listMail, type MailRecord } from '../../src/core/mail/outbox.ts';
import type { MailTransport, OutgoingMail } from '../../src/core/mail/port.ts';
import { sendMail, type SendMailDeps } from '../../src/core/mail/send-mail.ts';
import { renderSignInMail } from '../../src/core/mail/templates/sign-in.ts';
import { openTempDatabase } from '../support/temp-database.ts';

/** What arrived on the far side of a transport, when a test can see it. */
export interface DeliveredMail {
  to: string;
  subject: string;
  html: string;
  text: string;
}

export interface TransportUnderTest {
  transport: MailTransport;
  /** The same adapter when it cannot deliver (provider unreachable, token refused, console gone). */
  failing: MailTransport;
  from: string;
  to: string;
  /** Everything delivered so far, oldest first; absent when the far side cannot be observed (the real API). */
  delivered?: () => DeliveredMail[];
  close?: () => Promise<void>;
}

/**
 * The behaviour every mail transport shares once behind `sendMail`: one suite,
 * run by each adapter's test file against whatever that adapter can reach here.
 */
export function describeMailTransport(name: string, setup: () => Promise<TransportUnderTest>): void {
  describe(`mail transport contract: ${name}`, () => {
    let under: TransportUnderTest;
    let database: Awaited<ReturnType<typeof openTempDatabase>>;

    beforeAll(async () => {
      under = await setup();
    });
    afterAll(async () => {
      await under?.close?.();
    });
    beforeEach(async () => {
      database = await openTempDatabase();
    });
    afterEach(() => {
      database.dispose();
    });

    const content = () =>
      renderSignInMail({
        locale: 'fr',
        communityName: 'Collectif données santé',
        code: '48213907',
        link: 'https://portail.example.org/fr/connexion/lien?token=contract-test-token',
        expiresInMinutes: 15,
        publicUrl: 'https://portail.example.org',
      });

    const signInMail = (overrides: Partial<OutgoingMail> = {}): OutgoingMail => ({
      to: under.to,
      memberId: 'member-contract',
      template: 'sign-in',
      locale: 'fr',
      stream: 'outbound',
      ...content(),
      tag: 'sign-in',
      carriesSecret: true,
      ...overrides,
    });

    const deps = (overrides: Partial<SendMailDeps> = {}): SendMailDeps => ({
      db: database.db,
      transport: under.transport,
      from: under.from,
      keepSecretBodies: false,
      ...overrides,
    });

    async function onlyRow(): Promise<MailRecord> {
      const { items, total } = await listMail(database.db, { page: 1, pageSize: 10 });
      expect(total).toBe(1);
      const row = await getMail(database.db, items[0]!.id);
      return row!;
    }

    it('records a sign-in mail with its recipient, template, stream, locale, subject and final status', async () => {
      const mail = signInMail();
      const result = await sendMail(deps(), mail);

      expect(['sent', 'held']).toContain(result.status);
      const row = await onlyRow();
      expect(row).toMatchObject({
        recipient: under.to,
        memberId: 'member-contract',
        template: 'sign-in',
        stream: 'outbound',
        locale: 'fr',
        subject: mail.subject,
        transport: under.transport.name,
        status: result.status,
        providerMessageId: result.status === 'sent' ? result.providerMessageId : null,
        errorKind: null,
        errorMessage: null,
      });
      expect(row.sentAt).toEqual(result.status === 'sent' ? expect.any(Date) : null);
    });

    it('returns and records a failure instead of throwing when the transport cannot deliver', async () => {
      const result = await sendMail(deps({ transport: under.failing }), signInMail());

      expect(result).toEqual({ status: 'failed', kind: expect.any(String), message: expect.stringMatching(/\S/) });
      const row = await onlyRow();
      expect({ status: row.status, kind: row.errorKind, message: row.errorMessage }).toEqual(result);
      expect(row.sentAt).toBeNull();
    });

    it('returns a failure instead of throwing when the database is gone, and delivers nothing unrecorded', async () => {
      const deliver = vi.fn(under.transport.deliver);
      database.close();

      const result = await sendMail(deps({ transport: { name: under.transport.name, deliver } }), signInMail());

      expect(result).toEqual({ status: 'failed', kind: 'unavailable', message: expect.any(String) });
      expect(deliver).not.toHaveBeenCalled();
    });

    it('keeps a body holding a sign-in code only while the message is held in the outbox', async () => {
      const mail = signInMail();
      await sendMail(deps(), mail);

      const row = await onlyRow();
      const kept = row.status === 'held';
      expect(row.htmlBody).toBe(kept ? mail.html : null);
      expect(row.textBody).toBe(kept ? mail.text : null);
    });

    it('drops a body holding a sign-in code when delivery failed', async () => {
      await sendMail(deps({ transport: under.failing }), signInMail());

      const row = await onlyRow();
      expect([row.htmlBody, row.textBody]).toEqual([null, null]);
    });

    it('keeps bodies holding a code when told to (demo mode)', async () => {
      const mail = signInMail();
      await sendMail(deps({ keepSecretBodies: true }), mail);

      const row = await onlyRow();
      expect([row.htmlBody, row.textBody]).toEqual([mail.html, mail.text]);
    });

    it('keeps bodies that hold no secret', async () => {
      const mail = signInMail({ template: 'notice', carriesSecret: false });
      await sendMail(deps(), mail);

      const row = await onlyRow();
      expect([row.htmlBody, row.textBody]).toEqual([mail.html, mail.text]);
    });

    it('hands the rendered sign-in template to the far side unchanged', async (context) => {
      const delivered = under.delivered;
      if (!delivered) return context.skip('what reaches this transport’s far side cannot be observed from here');
      const mail = signInMail();
      await sendMail(deps(), mail);

      expect(delivered().at(-1)).toEqual({ to: mail.to, subject: mail.subject, html: mail.html, text: mail.text });
    });
  });
}
