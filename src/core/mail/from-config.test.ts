import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMailDeps } from './from-config.ts';
import { sendMail } from './send-mail.ts';
import { captureLog } from '../../../tests/support/capture-log.ts';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';

const postmark = { postmarkToken: 'server-token', from: 'Collectif <portail@example.org>', stream: 'outbound', broadcastStream: 'broadcast' };
const mail = { to: 'm@example.org', template: 'sign-in', locale: 'fr', stream: 'outbound', subject: 'Code', html: '<p>31415926</p>', text: 'Code 31415926', carriesSecret: true } as const;

describe('mail from configuration', () => {
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  beforeEach(async () => {
    database = await openTempDatabase();
  });
  afterEach(() => database.dispose());

  it('sends through Postmark from the configured sender when a token is set, dropping secret bodies outside the demo', () => {
    const deps = createMailDeps({ demo: false, mail: postmark, contactEmail: 'bonjour@example.org' }, database.db, captureLog().log);

    expect(deps).toMatchObject({ from: 'Collectif <portail@example.org>', keepSecretBodies: false });
    expect(deps.transport.name).toBe('postmark');
  });

  it('holds mail in the outbox without a provider, and prints nothing of it outside the demo', async () => {
    const { log, output } = captureLog();
    const deps = createMailDeps({ demo: false, mail: { outbox: true }, contactEmail: 'bonjour@example.org' }, database.db, log);

    expect(await sendMail(deps, mail)).toEqual({ status: 'held' });
    expect(deps.transport.name).toBe('outbox');
    expect(output()).not.toContain('31415926');
  });

  it('prints held mail in the demo so a newcomer can sign in from the terminal, and keeps every body', async () => {
    const { log, output } = captureLog();
    const deps = createMailDeps({ demo: true, mail: { outbox: true }, contactEmail: 'bonjour@example.org' }, database.db, log);

    await sendMail(deps, mail);

    expect(deps.keepSecretBodies).toBe(true);
    expect(output()).toContain('Code 31415926');
  });
});
