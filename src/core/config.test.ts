import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { PRODUCTION_ENV } from '../../tests/support/production-env.ts';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, { demo: false });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('reads a complete production environment and applies defaults', () => {
    const config = loadConfig(PRODUCTION_ENV, { demo: false });
    expect(config).toMatchObject({
      demo: false,
      host: 'localhost',
      port: 4321,
      publicUrl: 'https://portail.example.org',
      timeZone: 'America/Toronto',
      privacyOfficer: { name: 'Camille', email: 'vie-privee@example.org' },
      log: { format: 'json' },
    });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it('names every missing variable', () => {
    expect(problemsOf({})).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PUBLIC_URL /),
        expect.stringMatching(/^COMMUNITY_NAME is required/),
        expect.stringMatching(/^CONTACT_EMAIL /),
        expect.stringMatching(/^PRIVACY_OFFICER_NAME is required/),
        expect.stringMatching(/^PRIVACY_OFFICER_EMAIL /),
      ]),
    );
  });

  it('says what is wrong with a value and shows it', () => {
    expect(problemsOf({ ...PRODUCTION_ENV, PORT: 'abc' })).toEqual(['PORT must be a whole number between 1 and 65535 (got "abc")']);
    expect(problemsOf({ ...PRODUCTION_ENV, PORT: '70000' })).toEqual(['PORT must be a whole number between 1 and 65535 (got "70000")']);
    expect(problemsOf({ ...PRODUCTION_ENV, PUBLIC_URL: 'ftp://x.org' })).toEqual(['PUBLIC_URL must be an absolute http:// or https:// URL (got "ftp://x.org")']);
    expect(problemsOf({ ...PRODUCTION_ENV, TIME_ZONE: 'Mars/Olympus' })).toEqual([
      'TIME_ZONE must be an IANA time zone such as America/Toronto (got "Mars/Olympus")',
    ]);
    expect(problemsOf({ ...PRODUCTION_ENV, PRIVACY_OFFICER_EMAIL: 'nobody' })).toEqual(['PRIVACY_OFFICER_EMAIL must be an email address (got "nobody")']);
  });

  it('fills demo values without overriding what the operator set', () => {
    const config = loadConfig({ PORT: '4400', COMMUNITY_NAME: 'Ma communauté' }, { demo: true });
    expect(config.publicUrl).toBe('http://localhost:4400');
    expect(config.communityName).toBe('Ma communauté');
    expect(config.dataDir).toMatch(/\/data\/demo$/);
    expect(config.log.format).toBe('pretty');
  });

  it('refuses a plain-http public address outside the demo and localhost', () => {
    expect(problemsOf({ ...PRODUCTION_ENV, PUBLIC_URL: 'http://communaute.example.org' })).toEqual([
      'PUBLIC_URL must use https:// outside the demo and localhost (got "http://communaute.example.org")',
    ]);
    expect(loadConfig({ ...PRODUCTION_ENV, PUBLIC_URL: 'http://localhost:4321' }, { demo: false }).publicUrl).toBe('http://localhost:4321');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ ...PRODUCTION_ENV, PORT: '' }, { demo: false }).port).toBe(4321);
  });
});

describe('serving processes', () => {
  it('serves on every core unless told otherwise, one process allowed', () => {
    expect(loadConfig(PRODUCTION_ENV, { demo: false })).toMatchObject({ workers: os.availableParallelism(), workerHeader: false });
    expect(loadConfig({ ...PRODUCTION_ENV, PASSERELLE_WORKERS: '1', PASSERELLE_WORKER_HEADER: '1' }, { demo: false })).toMatchObject({ workers: 1, workerHeader: true });
  });

  it('refuses a number of processes that is not one to 64', () => {
    for (const value of ['0', '65', '1.5', 'two']) {
      expect(problemsOf({ ...PRODUCTION_ENV, PASSERELLE_WORKERS: value })).toEqual([`PASSERELLE_WORKERS must be a whole number of processes between 1 and 64 (got "${value}")`]);
    }
  });
});

describe('mail configuration', () => {
  it('keeps mail in the outbox unless Postmark is fully configured', () => {
    expect(loadConfig(PRODUCTION_ENV, { demo: false }).mail).toEqual({ outbox: true });
    expect(loadConfig({ ...PRODUCTION_ENV, POSTMARK_SERVER_TOKEN: 'token', MAIL_FROM: 'Collectif <bonjour@example.org>' }, { demo: false }).mail).toEqual({
      postmarkToken: 'token',
      from: 'Collectif <bonjour@example.org>',
      stream: 'outbound',
      broadcastStream: 'broadcast',
    });
  });

  it('flags silent messages after 48 hours unless told otherwise, within 1 to 720 hours', () => {
    expect(loadConfig(PRODUCTION_ENV, { demo: false }).mailQuarantineHours).toBe(48);
    expect(loadConfig({ ...PRODUCTION_ENV, MAIL_QUARANTINE_HOURS: '6' }, { demo: false }).mailQuarantineHours).toBe(6);
    for (const bad of ['0', '721', '2.5', 'soon']) expect(problemsOf({ ...PRODUCTION_ENV, MAIL_QUARANTINE_HOURS: bad })).toEqual([expect.stringMatching(/^MAIL_QUARANTINE_HOURS must be a whole number of hours between 1 and 720/)]);
  });

  it("moves Postmark's API to a test stand-in only when POSTMARK_API_URL is set", () => {
    const postmark = { ...PRODUCTION_ENV, POSTMARK_SERVER_TOKEN: 'token', MAIL_FROM: 'bonjour@example.org' };
    expect(loadConfig(postmark, { demo: false }).mail).not.toHaveProperty('apiHost');
    expect(loadConfig({ ...postmark, POSTMARK_API_URL: 'http://127.0.0.1:7391/' }, { demo: false }).mail).toMatchObject({ apiHost: { requestHost: '127.0.0.1:7391', useHttps: false } });
    expect(problemsOf({ ...postmark, POSTMARK_API_URL: 'ftp://x' })).toEqual([expect.stringMatching(/^POSTMARK_API_URL /)]);
  });

  it('refuses half a Postmark configuration', () => {
    expect(problemsOf({ ...PRODUCTION_ENV, POSTMARK_SERVER_TOKEN: 'token' })).toEqual(['MAIL_FROM is required when POSTMARK_SERVER_TOKEN is set']);
    expect(problemsOf({ ...PRODUCTION_ENV, MAIL_FROM: 'a@b.org' })).toEqual(['POSTMARK_SERVER_TOKEN is required when MAIL_FROM is set']);
  });
});

describe('Mattermost configuration', () => {
  const mattermost = { MATTERMOST_URL: 'https://chat.example.org/', MATTERMOST_TEAM: 'collectif' };

  it('gives links without a token, and account changes with one', () => {
    expect(loadConfig(PRODUCTION_ENV, { demo: false }).mattermost).toBeNull();
    expect(loadConfig({ ...PRODUCTION_ENV, ...mattermost }, { demo: false }).mattermost).toEqual({ url: 'https://chat.example.org', team: 'collectif' });
    expect(loadConfig({ ...PRODUCTION_ENV, ...mattermost, MATTERMOST_TOKEN: ' bot-token ' }, { demo: false }).mattermost).toEqual({
      url: 'https://chat.example.org',
      team: 'collectif',
      token: 'bot-token',
    });
  });

  it('refuses a token without the server it is for', () => {
    expect(problemsOf({ ...PRODUCTION_ENV, MATTERMOST_TOKEN: 'bot-token' })).toEqual(['MATTERMOST_URL and MATTERMOST_TEAM are required when MATTERMOST_TOKEN is set']);
  });

  it('names a refused secret without showing it', () => {
    const problems = problemsOf({ ...PRODUCTION_ENV, ...mattermost, MATTERMOST_TOKEN: '   ', POSTMARK_SERVER_TOKEN: '  \t ', MAIL_FROM: 'a@b.org' });
    expect(problems.some((problem) => problem.startsWith('MATTERMOST_TOKEN '))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('POSTMARK_SERVER_TOKEN '))).toBe(true);
    expect(problems.join('\n')).not.toContain('got');
  });
});

describe('deliverability configuration', () => {
  it('asks the system resolvers, checks no blocklist and reads no account by default', () => {
    expect(loadConfig(PRODUCTION_ENV, { demo: false }).deliverability).toEqual({
      postmarkAccountToken: null,
      dnsServers: [],
      lookupTimeoutMs: 4_000,
      tries: 2,
      timeoutMs: 20_000,
      dkimSelector: null,
      blocklists: { domainZones: [], ipZones: [], ips: [] },
    });
  });

  it('reads servers, deadlines and lists', () => {
    const config = loadConfig(
      {
        ...PRODUCTION_ENV,
        DNS_SERVERS: '127.0.0.1:5353, [::1]:53',
        DNS_TIMEOUT_MS: '1500',
        BLOCKLIST_DOMAIN_ZONES: 'dbl.spamhaus.org',
        BLOCKLIST_IP_ZONES: 'zen.spamhaus.org,b.barracudacentral.org',
        BLOCKLIST_IPS: '50.31.156.6',
        DKIM_SELECTOR: '20240101pm',
        POSTMARK_ACCOUNT_TOKEN: 'account',
      },
      { demo: false },
    );
    expect(config.deliverability).toMatchObject({
      postmarkAccountToken: 'account',
      dnsServers: ['127.0.0.1:5353', '[::1]:53'],
      lookupTimeoutMs: 1_500,
      dkimSelector: '20240101pm',
      blocklists: { domainZones: ['dbl.spamhaus.org'], ipZones: ['zen.spamhaus.org', 'b.barracudacentral.org'], ips: ['50.31.156.6'] },
    });
  });

  it('names a malformed server or zone', () => {
    expect(problemsOf({ ...PRODUCTION_ENV, DNS_SERVERS: '127.0.0.1,dns.example.org' })).toEqual([
      'DNS_SERVERS must be IP addresses, each with an optional :port, separated by commas (got "127.0.0.1,dns.example.org")',
    ]);
    expect(problemsOf({ ...PRODUCTION_ENV, BLOCKLIST_IP_ZONES: 'zen.spamhaus.org;x' })).toHaveLength(1);
  });
});

describe('retention settings', () => {
  it('apply the policy defaults and accept overrides', () => {
    expect(loadConfig(PRODUCTION_ENV, { demo: false }).retention).toEqual({ mailBodyDays: 30, deliveryEventDays: 365, auditLogDays: 1095, disabledAccountDays: 365, incidentRegisterYears: 5 });
    expect(loadConfig({ ...PRODUCTION_ENV, RETENTION_AUDIT_LOG_DAYS: '730', RETENTION_INCIDENT_YEARS: '7' }, { demo: false }).retention).toMatchObject({ auditLogDays: 730, incidentRegisterYears: 7 });
  });

  it('refuse an incident register kept less than five years, and nonsense periods', () => {
    expect(problemsOf({ ...PRODUCTION_ENV, RETENTION_INCIDENT_YEARS: '4' })).toEqual(["RETENTION_INCIDENT_YEARS must be at least 5 years (the regulation's minimum) (got \"4\")"]);
    expect(problemsOf({ ...PRODUCTION_ENV, RETENTION_MAIL_BODY_DAYS: 'soon' })).toEqual(['RETENTION_MAIL_BODY_DAYS must be a whole number of days between 1 and 36500 (got "soon")']);
    expect(problemsOf({ ...PRODUCTION_ENV, RETENTION_AUDIT_LOG_DAYS: '30' })).toEqual(['RETENTION_AUDIT_LOG_DAYS must be a whole number of days between 365 and 36500 (got "30")']);
  });

  it('keep Postmark tracking off unless turned on', () => {
    expect(loadConfig(PRODUCTION_ENV, { demo: false }).mailTracking).toEqual({ opens: false, links: 'None' });
    expect(loadConfig({ ...PRODUCTION_ENV, MAIL_TRACK_OPENS: 'true', MAIL_TRACK_LINKS: 'HtmlOnly' }, { demo: false }).mailTracking).toEqual({ opens: true, links: 'HtmlOnly' });
    expect(problemsOf({ ...PRODUCTION_ENV, MAIL_TRACK_LINKS: 'all' })).toHaveLength(1);
  });
});

describe('Postmark webhook credentials', () => {
  it('has no hook until both halves are set', () => {
    expect(loadConfig(PRODUCTION_ENV, { demo: false }).postmarkWebhook).toBeNull();
    expect(loadConfig({ ...PRODUCTION_ENV, POSTMARK_WEBHOOK_USER: 'postmark', POSTMARK_WEBHOOK_PASSWORD: 'a-long-enough-secret' }, { demo: false }).postmarkWebhook).toEqual({ user: 'postmark', password: 'a-long-enough-secret' });
    expect(problemsOf({ ...PRODUCTION_ENV, POSTMARK_WEBHOOK_USER: 'postmark' })).toEqual(['POSTMARK_WEBHOOK_PASSWORD is required when POSTMARK_WEBHOOK_USER is set']);
    expect(problemsOf({ ...PRODUCTION_ENV, POSTMARK_WEBHOOK_PASSWORD: 'a-long-enough-secret' })).toEqual(['POSTMARK_WEBHOOK_USER is required when POSTMARK_WEBHOOK_PASSWORD is set']);
  });

  it('refuses a guessable password without showing it, and a user basic auth cannot carry', () => {
    const problems = problemsOf({ ...PRODUCTION_ENV, POSTMARK_WEBHOOK_USER: 'post:mark', POSTMARK_WEBHOOK_PASSWORD: 'short-secret' });
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toContain('POSTMARK_WEBHOOK_PASSWORD must be at least 16 characters');
    expect(problems.join('\n')).not.toContain('short-secret');
    expect(problems.join('\n')).toContain('POSTMARK_WEBHOOK_USER must be');
  });
});
