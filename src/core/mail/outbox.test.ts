import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getMail, listMail } from './outbox.ts';
import { createOutboxTransport } from './outbox-transport.ts';
import { sendMail } from './send-mail.ts';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';

describe('outbox read side', () => {
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  beforeEach(async () => {
    database = await openTempDatabase();
    let minute = 0;
    const deps = {
      db: database.db,
      transport: createOutboxTransport(),
      from: 'f@example.org',
      keepSecretBodies: false,
      now: () => new Date(Date.UTC(2026, 10, 20, 10, minute++)),
    };
    for (const to of ['ada_l@example.org', 'adaxl@example.org', 'Grace@Example.org', 'ada_l@example.org']) {
      await sendMail(deps, { to, template: 'sign-in', locale: 'fr', stream: 'outbound', subject: `pour ${to}`, html: `<p>${to}</p>`, text: to, carriesSecret: true });
    }
  });
  afterEach(() => database.dispose());

  it('lists newest first, a page at a time, with the total and without bodies', async () => {
    const first = await listMail(database.db, { page: 1, pageSize: 3 });
    const second = await listMail(database.db, { page: 2, pageSize: 3 });

    expect(first.total).toBe(4);
    expect(first.items.map((mail) => mail.createdAt.getUTCMinutes())).toEqual([3, 2, 1]);
    expect(second.items.map((mail) => mail.createdAt.getUTCMinutes())).toEqual([0]);
    for (const item of first.items) {
      expect(item).not.toHaveProperty('htmlBody');
      expect(item).not.toHaveProperty('textBody');
    }
  });

  it('filters by part of the address, ignoring case, with "_" taken literally', async () => {
    const underscore = await listMail(database.db, { page: 1, pageSize: 10, recipient: 'ada_' });
    const grace = await listMail(database.db, { page: 1, pageSize: 10, recipient: 'grace@EXAMPLE' });

    expect(underscore.total).toBe(2);
    expect(underscore.items.map((mail) => mail.recipient)).toEqual(['ada_l@example.org', 'ada_l@example.org']);
    expect(grace.items.map((mail) => mail.recipient)).toEqual(['Grace@Example.org']);
  });

  it('reads one message with its bodies, and nothing for an unknown id', async () => {
    const { items } = await listMail(database.db, { page: 1, pageSize: 1 });

    expect(await getMail(database.db, items[0]!.id)).toMatchObject({ status: 'held', htmlBody: '<p>ada_l@example.org</p>', textBody: 'ada_l@example.org' });
    expect(await getMail(database.db, 'no-such-id')).toBeUndefined();
  });
});
