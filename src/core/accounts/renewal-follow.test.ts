import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMattermostStandIn, type MattermostStandIn } from '../../../tests/stand-ins/mattermost.ts';
import { captureLog } from '../../../tests/support/capture-log.ts';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { mailMessages } from '../db/schema/mail.ts';
import { createOutboxTransport } from '../mail/outbox-transport.ts';
import { createClient4Mattermost } from '../mattermost/client4-adapter.ts';
import { route } from '../routes.ts';
import { defaultChoices } from './consents.ts';
import { addMember, getMember } from './members.ts';
import { completeRenewal, type RenewalDeps } from './renewal.ts';
import { accountFollower, NO_ACCOUNT_FOLLOWER, type AccountFollower } from './renewal-follow.ts';

const TOKEN = 'stand-in-mattermost-token';
const PASSWORD = 'Zèbre-Renouvelé-4821';
const NOW = new Date('2026-12-05T15:00:00Z');

/** The renewal with the real Mattermost step, against the stand-in: what the runtime wires. */
describe('a renewal followed by the member’s Mattermost account', () => {
  let standIn: MattermostStandIn;
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  let logged: ReturnType<typeof captureLog>;

  beforeAll(async () => {
    standIn = await startMattermostStandIn({ token: TOKEN });
  });
  afterAll(() => standIn.close());
  beforeEach(async () => {
    database = await openTempDatabase();
    logged = captureLog();
    standIn.users.clear();
    standIn.teamMembers.clear();
    standIn.resetMails.splice(0);
  });
  afterEach(() => {
    database.dispose();
    expect(standIn.violations.splice(0)).toEqual([]);
  });

  const follower = (): AccountFollower =>
    accountFollower({ db: database.db, mattermost: createClient4Mattermost({ url: standIn.url, token: TOKEN, team: standIn.teamName, timeoutMs: 1_000 }), log: logged.log, now: () => NOW });
  const deps = (chosen: AccountFollower): RenewalDeps => ({
    db: database.db,
    mail: { db: database.db, transport: createOutboxTransport(), from: 'Collectif <bonjour@example.org>', keepSecretBodies: false },
    search: null,
    follower: chosen,
    log: logged.log,
    communityName: 'Collectif',
    contactEmail: 'bonjour@example.org',
    publicUrl: 'https://portail.example.org',
    accountPath: (locale) => route('account', locale),
    now: () => NOW,
  });
  const answers = { name: 'Élise Côté', locale: 'en' as const, timeZone: null, choices: defaultChoices(), password: { kind: 'set' as const, password: PASSWORD } };

  it('asks for nothing when no Mattermost port is configured', () => {
    expect(accountFollower({ db: database.db, mattermost: null, log: logged.log })).toBe(NO_ACCOUNT_FOLLOWER);
    expect(follower().enabled).toBe(true);
  });

  it('creates the account with the chosen password and links it to the member', async () => {
    const member = await addMember(database.db, 'cli', { email: 'elise.cote@example.org' }, NOW);
    const outcome = await completeRenewal(deps(follower()), member.id, answers);
    expect(outcome).toMatchObject({ kind: 'renewed', note: 'done', mattermost: { status: 'done', created: true, passwordSet: true, signsInWith: null } });
    expect(standIn.userByEmail('elise.cote@example.org')?.password).toBe(PASSWORD);
    expect(await getMember(database.db, member.id)).toMatchObject({ mattermostState: 'created', renewedAt: NOW });
    expect(logged.output()).not.toContain(PASSWORD);
  });

  it('sets no password on an account that signs in through single sign-on, and tells the member so', async () => {
    const sso = standIn.addUser({ email: 'elise.cote@example.org', username: 'elise.cote', auth_service: 'gitlab' });
    const before = sso.password;
    const member = await addMember(database.db, 'cli', { email: 'elise.cote@example.org' }, NOW);
    const outcome = await completeRenewal(deps(follower()), member.id, answers);
    expect(outcome).toMatchObject({ kind: 'renewed', note: 'sso', mattermost: { status: 'done', passwordSet: false, signsInWith: 'gitlab' } });
    expect(standIn.userByEmail('elise.cote@example.org')?.password).toBe(before);
    const [mail] = await database.db.select().from(mailMessages);
    expect(mail!.textBody).toContain('single sign-on (SSO, LDAP or SAML): no password was chosen here');
    expect(await getMember(database.db, member.id)).toMatchObject({ mattermostUserId: sso.id, mattermostState: 'linked' });
  });
});
