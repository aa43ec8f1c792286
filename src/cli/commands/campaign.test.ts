import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { peekRenewalLink } from '../../core/accounts/renewal-links.ts';
import { createCampaignServices } from '../../core/campaigns/from-config.ts';
import { loadConfig } from '../../core/config.ts';
import { auditLog, members } from '../../core/db/schema/accounts.ts';
import { campaignRecipients, campaigns } from '../../core/db/schema/campaigns.ts';
import { registerCampaign, type OpenCampaignRuntime } from './campaign.ts';
import { startDnsStandIn, type DnsStandIn } from '../../../tests/stand-ins/dns.ts';
import { startPostmarkStandIn, type PostmarkStandIn } from '../../../tests/stand-ins/postmark.ts';
import { addInvitedMembers } from '../../../tests/support/campaign-fixtures.ts';
import { captureLog } from '../../../tests/support/capture-log.ts';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { PRODUCTION_ENV } from '../../../tests/support/production-env.ts';

const TOKEN = 'stand-in-server-token';

describe('npm run passerelle -- campaign …', () => {
  let postmark: PostmarkStandIn;
  let dns: DnsStandIn;
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  let dir: string;
  let output: string[];

  beforeAll(async () => {
    postmark = await startPostmarkStandIn({ token: TOKEN });
    // No zone: every domain is its own receiver, and no look-up leaves the machine.
    dns = await startDnsStandIn({});
  });
  afterAll(async () => {
    await postmark.close();
    await dns.close();
  });
  beforeEach(async () => {
    database = await openTempDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-campaign-cli-'));
    postmark.accepted.splice(0);
    output = [];
    fs.writeFileSync(path.join(dir, 'fr.md'), '# Renouvelez votre accès, {{name}}\n\nBonjour {{name}},\n\nVotre lien : {{link}}\n');
    fs.writeFileSync(path.join(dir, 'en.md'), 'Renew your access, {{name}}\n\nHello {{name}},\n\n[Renew now]({{link}})\n');
  });
  afterEach(() => {
    database.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
    expect(postmark.violations.splice(0)).toEqual([]);
  });

  const open: OpenCampaignRuntime = async (work) => {
    const config = loadConfig(
      {
        ...PRODUCTION_ENV,
        DATA_DIR: path.dirname(database.file),
        POSTMARK_SERVER_TOKEN: TOKEN,
        MAIL_FROM: 'Collectif <annonces@example.org>',
        DNS_SERVERS: dns.server,
        DNS_TIMEOUT_MS: '300',
        DNS_TRIES: '1',
        TIME_ZONE: 'America/Toronto',
      },
      { demo: false },
    );
    const services = createCampaignServices(config, database, captureLog().log, { postmarkHost: { requestHost: postmark.host, useHttps: false } });
    try {
      return await work({ config, db: database.db, services });
    } finally {
      services.close();
    }
  };

  async function passerelle(...args: string[]): Promise<string> {
    const program = new Command().exitOverride();
    registerCampaign(program, open, (line) => output.push(line));
    const before = output.length;
    await program.parseAsync(['campaign', ...args], { from: 'user' });
    return output.slice(before).join('\n');
  }
  const only = async () => (await database.db.select().from(campaigns))[0]!;

  it('creates from Markdown files, previews both languages and the schedule, refuses a start without a passing check, starts with an audited override, and sends each member once', async () => {
    await addInvitedMembers(database.db, 30, { domainOf: (index) => (index % 2 ? 'example.org' : 'exemple.qc.ca') });
    await passerelle('create', '--name', 'Renouvellement 2026', '--fr', path.join(dir, 'fr.md'), '--en', path.join(dir, 'en.md'), '--domain', 'example.org', '--first-wave', '5', '--reminder-after-days', 'none');
    const created = await only();
    expect(created).toMatchObject({ status: 'draft', subjectFr: 'Renouvelez votre accès, {{name}}', subjectEn: 'Renew your access, {{name}}', firstWave: 5, stream: 'broadcast', reminderAfterDays: null });
    expect(created.bodyEn).toBe('Hello {{name}},\n\n[Renew now]({{link}})\n');

    const preview = await passerelle('preview', created.id);
    expect(preview).toContain('── FR ── Renouvelez votre accès, Camille Exemple');
    expect(preview).toContain('── EN ── Renew your access, Sam Example');
    expect(preview).toContain('15 recipients');
    // Five the first day, then ten: the second day ends the plan.
    expect(preview).toMatch(/2026-\d\d-\d\d\s+5 messages[\s\S]*\s+10 messages/);
    expect(preview).toMatch(/the last member is invited on \d{4}-\d\d-\d\d/);
    // A preview makes no live link.
    expect(preview).not.toContain('token=');

    await expect(passerelle('start', created.id)).rejects.toThrow(/deliverability check fails \(no deliverability check has run yet\)/);
    expect((await only()).status).toBe('draft');
    expect(await passerelle('start', created.id, '--override', 'the check runs tomorrow; the first wave is small')).toContain('15 recipients planned');
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.action, 'campaign.deliverability-overridden'));
    expect(JSON.parse(audits[0]!.details!)).toMatchObject({ reason: 'the check runs tomorrow; the first wave is small' });

    expect(await passerelle('run', '--once')).toContain('handed 5 messages to Postmark');
    expect(postmark.accepted).toHaveLength(5);
    const message = postmark.accepted[0]!;
    expect(message.to.endsWith('@example.org')).toBe(true);
    expect(message.stream).toBe('broadcast');
    const link = /https:\/\/portail\.example\.org\/\S+\?token=[^\s)]+/.exec(message.text)![0];
    expect((await peekRenewalLink(database.db, decodeURIComponent(new URL(link).searchParams.get('token')!)))?.id).toBe(message.metadata.member_id);
    // Our copy holds no live link.
    const rows = await database.db.select().from(campaignRecipients).where(eq(campaignRecipients.campaignId, created.id));
    expect(JSON.stringify(rows)).not.toContain('token=');

    const status = await passerelle('status', created.id);
    expect(status).toContain('Renouvellement 2026 (running)');
    expect(status).toMatch(/total\s+15 recipients · queued 10 · sending 0 · sent 5/);
    expect(status).toMatch(/wave {3}0 {3}5 recipients · queued 0 · sending 0 · sent 5/);
    expect(status).toContain('(America/Toronto)');
  });

  it('pauses and resumes, both audited, and says when there is nothing to pause', async () => {
    await addInvitedMembers(database.db, 3);
    await database.db.insert(members).values({ id: 'x', email: 'x@example.org', name: null, locale: 'fr', status: 'invited', createdAt: new Date(), updatedAt: new Date() });
    await passerelle('create', '--name', 'R', '--fr', path.join(dir, 'fr.md'), '--en', path.join(dir, 'en.md'));
    const created = await only();
    await passerelle('start', created.id, '--override', 'test');
    expect(await passerelle('pause', created.id, '--reason', 'a member domain complained')).toBe(`paused ${created.id}`);
    await expect(passerelle('pause', created.id, '--reason', 'again')).rejects.toThrow(/is not running/);
    expect((await only()).pausedReason).toBe('a member domain complained');
    expect(await passerelle('run', '--once')).toContain('handed 0 messages');
    expect(postmark.accepted).toHaveLength(0);
    await passerelle('resume', created.id);
    expect((await only()).status).toBe('running');
    const actions = (await database.db.select().from(auditLog)).map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(['campaign.created', 'campaign.started', 'campaign.paused', 'campaign.resumed']));
  });

  it('refuses a message without the link, naming the language', async () => {
    fs.writeFileSync(path.join(dir, 'en.md'), 'Renew\n\nHello, renew on the site.\n');
    await expect(passerelle('create', '--name', 'R', '--fr', path.join(dir, 'fr.md'), '--en', path.join(dir, 'en.md'))).rejects.toThrow(/English: the body must hold \{\{link\}\}/);
    expect(await database.db.select().from(campaigns)).toEqual([]);
  });
});
