import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { isTimeZone } from './time/time-zones.ts';
import { retentionEnvSchema, retentionPolicyFrom, type RetentionPolicy } from './privacy/retention-settings.ts';

/**
 * Every setting comes from the environment and is validated once, at start.
 * Demo mode fills the values a newcomer cannot be expected to know.
 */

/** A whole number from `min` to `max`, every refusal saying so in the same words (« of hours », « of days »… when `unit` is given). */
const wholeNumber = (min: number, max: number, unit = '') => {
  const error = `must be a whole number${unit ? ` of ${unit}` : ''} between ${min} and ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

const port = wholeNumber(1, 65535);

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http:// or https:// URL' })
  .transform((value) => value.replace(/\/+$/, ''));

const commaList = (entry: z.ZodString, error: string) =>
  z
    .string()
    .default('')
    .transform((value) => value.split(',').map((item) => item.trim()).filter((item) => item !== ''))
    .refine((items) => items.every((item) => entry.safeParse(item).success), { error });
const dnsServer = z.string().regex(/^(\d{1,3}(\.\d{1,3}){3}(:\d{1,5})?|\[[0-9a-fA-F:]+\](:\d{1,5})?|[0-9a-fA-F:]+)$/);
const dnsZone = z.string().regex(/^([a-z0-9-]+\.)+[a-z0-9-]+$/i);
const ipv4 = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}$/);
const milliseconds = (fallback: number) => z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(100, { error: 'must be at least 100 (milliseconds)' }).max(600_000).default(fallback);

const requiredText = z.string({ error: 'is required' }).trim().min(1, { error: 'is required' });
const email = z.email({ error: 'must be an email address' });

const envSchema = z.object({
  HOST: z.string().trim().min(1).default('localhost'),
  PORT: port.default(4321),
  PUBLIC_URL: httpUrl,
  DATA_DIR: z.string().trim().min(1).default('./data'),
  COMMUNITY_NAME: requiredText,
  CONTACT_EMAIL: email,
  PRIVACY_OFFICER_NAME: requiredText,
  PRIVACY_OFFICER_EMAIL: email,
  TIME_ZONE: z
    .string()
    .default('America/Toronto')
    .refine(isTimeZone, { error: 'must be an IANA time zone such as America/Toronto' }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  TRUST_PROXY: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  POSTMARK_SERVER_TOKEN: z.string().trim().min(1).optional(),
  MAIL_FROM: z.string().trim().min(3).optional(),
  POSTMARK_MESSAGE_STREAM: z.string().trim().min(1).default('outbound'),
  /** For tests only: Postmark's API at another address (a local stand-in), e.g. http://127.0.0.1:7391. */
  POSTMARK_API_URL: httpUrl.optional(),
  MAIL_QUARANTINE_HOURS: wholeNumber(1, 720, 'hours').default(48),
  POSTMARK_WEBHOOK_USER: z.string().trim().regex(/^[^:\s]{1,100}$/, { error: 'must be 1–100 characters without spaces or ":"' }).optional(),
  POSTMARK_WEBHOOK_PASSWORD: z.string().trim().min(16, { error: 'must be at least 16 characters (the hook is reachable from the internet)' }).max(200).optional(),
  POSTMARK_BROADCAST_STREAM: z.string().trim().regex(/^[a-z0-9-]{1,100}$/, { error: 'must be a Postmark message stream id (lowercase letters, digits, -)' }).default('broadcast'),
  MEILI_URL: httpUrl.optional(),
  MEILI_API_KEY: z.string().trim().min(1).optional(),
  MEILI_INDEX: z.string().trim().regex(/^[A-Za-z0-9_-]{1,200}$/, { error: 'must be letters, digits, - or _' }).default('passerelle-messages'),
  POSTMARK_ACCOUNT_TOKEN: z.string().trim().min(1).optional(),
  DNS_SERVERS: commaList(dnsServer, 'must be IP addresses, each with an optional :port, separated by commas'),
  DNS_TIMEOUT_MS: milliseconds(4_000),
  DNS_TRIES: z.coerce.number().int().min(1, { error: 'must be 1 to 5' }).max(5, { error: 'must be 1 to 5' }).default(2),
  DELIVERABILITY_TIMEOUT_MS: milliseconds(20_000),
  DKIM_SELECTOR: z.string().trim().regex(/^[a-z0-9-]+$/i, { error: 'must be a selector such as 20240101pm (letters, digits, -)' }).optional(),
  BLOCKLIST_DOMAIN_ZONES: commaList(dnsZone, 'must be DNS zones such as dbl.spamhaus.org, separated by commas'),
  BLOCKLIST_IP_ZONES: commaList(dnsZone, 'must be DNS zones such as zen.spamhaus.org, separated by commas'),
  BLOCKLIST_IPS: commaList(ipv4, 'must be IPv4 addresses separated by commas'),
  RENEWAL_LINK_DAYS: wholeNumber(1, 90, 'days').default(14),
  /** 8 a serving process with two: past that, pages only wait longer for the same CPU (bench:load at 1M, README). */
  MAX_REQUESTS_IN_FLIGHT: wholeNumber(1, 10000).default(16),
  /** Processes serving requests, all on the same port (server/serving-processes.ts); the machine's cores by default. */
  PASSERELLE_WORKERS: wholeNumber(1, 64, 'processes').default(() => Math.min(64, os.availableParallelism())),
  /** Threads each serving process runs the embedded engine's searches on; 0 runs them on the process's own event loop. */
  SEARCH_THREADS: wholeNumber(0, 16, 'threads').default(1),
  /** Every answer names the serving process that gave it (x-passerelle-worker): to see the load spread, and for tests. */
  PASSERELLE_WORKER_HEADER: z.enum(['0', '1'], { error: 'must be 0 or 1' }).default('0'),
  BACKUP_DIR: z.string().trim().min(1).optional(),
  BACKUP_KEEP: wholeNumber(1, 365, 'backups').default(7),
  MATTERMOST_URL: httpUrl.optional(),
  MATTERMOST_TEAM: z.string().trim().regex(/^[a-z0-9-]+$/, { error: 'must be the team name as in Mattermost URLs (lowercase letters, digits, -)' }).optional(),
  MATTERMOST_TOKEN: z.string().trim().min(1).optional(),
  /** Postmark's open and link tracking: off unless the community decides otherwise (and says so in its policy). */
  MAIL_TRACK_OPENS: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  MAIL_TRACK_LINKS: z.enum(['None', 'HtmlAndText', 'HtmlOnly', 'TextOnly'], { error: 'must be None, HtmlAndText, HtmlOnly or TextOnly' }).default('None'),
  /** Where a Meilisearch hosted elsewhere keeps the archive's text, e.g. "Canada (Montréal)": the privacy page names it. */
  MEILI_LOCATION: z.string().trim().min(2).max(200).optional(),
  /** Where the Mattermost server is hosted, e.g. "Québec (Montréal)": the privacy page names it. */
  MATTERMOST_LOCATION: z.string().trim().min(2).max(200).optional(),
  ...retentionEnvSchema,
});

export interface Config {
  demo: boolean;
  host: string;
  port: number;
  publicUrl: string;
  /** Absolute path: everything Passerelle writes at run time lives below it. */
  dataDir: string;
  communityName: string;
  contactEmail: string;
  privacyOfficer: { name: string; email: string };
  timeZone: string;
  log: { level: string; format: 'json' | 'pretty' };
  /** Behind a reverse proxy: take the client's address from the last X-Forwarded-For hop. */
  trustProxy: boolean;
  /** Postmark when both are set; otherwise every message stays in the outbox. */
  mail: { postmarkToken: string; from: string; stream: string; broadcastStream: string; apiHost?: PostmarkApiHost } | { outbox: true };
  /** A message sent this many hours ago with no delivery event is "probably quarantined" (the silent Exchange case). */
  mailQuarantineHours: number;
  /** HTTP basic credentials Postmark's webhooks carry (POST /hooks/postmark); null: no hook. */
  postmarkWebhook: { user: string; password: string } | null;
  /** Meilisearch serves every search when set; otherwise the embedded SQLite FTS5 engine. Queried from the server only. */
  search: { meilisearch: { url: string; apiKey: string | undefined; index: string } } | { embedded: true };
  /**
   * Where conversations go on; "Continue in Mattermost" links appear when set.
   * With a token (a bot's or a system admin's), renewal also creates, reactivates
   * and updates members' Mattermost accounts. The token stays on the server.
   */
  mattermost: { url: string; team: string; token?: string } | null;
  /** The deliverability check: DNS servers and deadlines, Postmark's account API, opt-in blocklists. */
  deliverability: {
    /** Reads Domains and Sender Signatures; it can also change the account: treat it like an admin password. */
    postmarkAccountToken: string | null;
    dnsServers: string[];
    lookupTimeoutMs: number;
    tries: number;
    /** The whole check, every look-up and API call included. */
    timeoutMs: number;
    dkimSelector: string | null;
    blocklists: { domainZones: string[]; ipZones: string[]; ips: string[] };
  };
  /** How long a renewal link works (invitations wait in inboxes). */
  renewalLinkDays: number;
  /** Requests served at once; past it the server answers 503 with Retry-After at once instead of queueing. */
  maxRequestsInFlight: number;
  /** Processes serving requests; the first of them runs the background jobs too when there are several. */
  workers: number;
  /** Threads per serving process for the embedded engine's searches (0: on the event loop). */
  searchThreads: number;
  /** Whether answers carry the serving process's number (x-passerelle-worker). */
  workerHeader: boolean;
  /** Where `passerelle backup` writes (DATA_DIR/backups unless set) and how many it keeps. */
  backups: { dir: string; keep: number };
  /** What is kept how long (privacy/retention-policy.ts). */
  retention: RetentionPolicy;
  /** Postmark's tracking; both off by default: only the minimum leaves Québec. */
  mailTracking: { opens: boolean; links: 'None' | 'HtmlAndText' | 'HtmlOnly' | 'TextOnly' };
  /** Where processors outside Passerelle's own server hold data (the privacy page's transfers); null: not stated. */
  processorLocations: { meilisearch: string | null; mattermost: string | null };
}

/** Where the Postmark client sends its requests when POSTMARK_API_URL moves it (tests' stand-in). */
export interface PostmarkApiHost {
  requestHost: string;
  useHttps: boolean;
}

function postmarkApiHost(url: string | undefined): PostmarkApiHost | undefined {
  if (!url) return undefined;
  const parsed = new URL(url);
  return { requestHost: parsed.host, useHttps: parsed.protocol === 'https:' };
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

const SECRET_VARIABLES = new Set(['POSTMARK_WEBHOOK_PASSWORD', 'POSTMARK_SERVER_TOKEN', 'MEILI_API_KEY', 'MATTERMOST_TOKEN']);

/** Values demo mode supplies when the operator left them unset. */
function demoDefaults(env: Env): Env {
  // A bad PORT is reported on its own; the demo URL then falls back to the default port.
  const port = /^\d+$/.test(env.PORT ?? '') ? env.PORT : '4321';
  return {
    PUBLIC_URL: `http://localhost:${port}`,
    DATA_DIR: './data/demo',
    COMMUNITY_NAME: 'Collectif données santé (démo)',
    CONTACT_EMAIL: 'bonjour@example.org',
    PRIVACY_OFFICER_NAME: 'Camille Responsable',
    PRIVACY_OFFICER_EMAIL: 'vie-privee@example.org',
    LOG_FORMAT: 'pretty',
    MATTERMOST_URL: 'https://mattermost.example.org',
    MATTERMOST_TEAM: 'collectif',
  };
}

export function loadConfig(env: Env = process.env, options: { demo?: boolean } = {}): Config {
  const demo = options.demo ?? env.PASSERELLE_DEMO === '1';
  // Empty strings mean "unset": shells and .env files often leave them behind.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const merged = demo ? { ...demoDefaults(given), ...given } : given;
  const parsed = envSchema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        // A refused secret is named, never shown: configuration errors end up in logs.
        const shown = SECRET_VARIABLES.has(name) ? undefined : merged[name];
        return shown === undefined ? `${name} ${issue.message}` : `${name} ${issue.message} (got "${shown}")`;
      }),
    );
  }
  const values = parsed.data;
  // Session cookies are only Secure over https; plain http is for trying Passerelle on one's own machine.
  if (!demo && values.PUBLIC_URL.startsWith('http://') && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|$)/.test(values.PUBLIC_URL)) {
    throw new ConfigError([`PUBLIC_URL must use https:// outside the demo and localhost (got "${values.PUBLIC_URL}")`]);
  }
  if (Boolean(values.MATTERMOST_URL) !== Boolean(values.MATTERMOST_TEAM)) {
    throw new ConfigError([values.MATTERMOST_URL ? 'MATTERMOST_TEAM is required when MATTERMOST_URL is set' : 'MATTERMOST_URL is required when MATTERMOST_TEAM is set']);
  }
  if (values.MATTERMOST_TOKEN && !values.MATTERMOST_URL) {
    throw new ConfigError(['MATTERMOST_URL and MATTERMOST_TEAM are required when MATTERMOST_TOKEN is set']);
  }
  if (Boolean(values.POSTMARK_SERVER_TOKEN) !== Boolean(values.MAIL_FROM)) {
    throw new ConfigError([
      values.MAIL_FROM ? 'POSTMARK_SERVER_TOKEN is required when MAIL_FROM is set' : 'MAIL_FROM is required when POSTMARK_SERVER_TOKEN is set',
    ]);
  }
  if (Boolean(values.POSTMARK_WEBHOOK_USER) !== Boolean(values.POSTMARK_WEBHOOK_PASSWORD)) {
    throw new ConfigError([values.POSTMARK_WEBHOOK_USER ? 'POSTMARK_WEBHOOK_PASSWORD is required when POSTMARK_WEBHOOK_USER is set' : 'POSTMARK_WEBHOOK_USER is required when POSTMARK_WEBHOOK_PASSWORD is set']);
  }
  return {
    demo,
    host: values.HOST,
    port: values.PORT,
    publicUrl: values.PUBLIC_URL,
    dataDir: path.resolve(values.DATA_DIR),
    communityName: values.COMMUNITY_NAME,
    contactEmail: values.CONTACT_EMAIL,
    privacyOfficer: { name: values.PRIVACY_OFFICER_NAME, email: values.PRIVACY_OFFICER_EMAIL },
    timeZone: values.TIME_ZONE,
    log: { level: values.LOG_LEVEL, format: values.LOG_FORMAT },
    trustProxy: values.TRUST_PROXY === 'true',
    mail:
      values.POSTMARK_SERVER_TOKEN && values.MAIL_FROM
        ? {
            postmarkToken: values.POSTMARK_SERVER_TOKEN,
            from: values.MAIL_FROM,
            stream: values.POSTMARK_MESSAGE_STREAM,
            broadcastStream: values.POSTMARK_BROADCAST_STREAM,
            ...(values.POSTMARK_API_URL ? { apiHost: postmarkApiHost(values.POSTMARK_API_URL) } : {}),
          }
        : { outbox: true },
    mailQuarantineHours: values.MAIL_QUARANTINE_HOURS,
    postmarkWebhook: values.POSTMARK_WEBHOOK_USER && values.POSTMARK_WEBHOOK_PASSWORD ? { user: values.POSTMARK_WEBHOOK_USER, password: values.POSTMARK_WEBHOOK_PASSWORD } : null,
    search: values.MEILI_URL ? { meilisearch: { url: values.MEILI_URL, apiKey: values.MEILI_API_KEY, index: values.MEILI_INDEX } } : { embedded: true },
    mattermost:
      values.MATTERMOST_URL && values.MATTERMOST_TEAM
        ? { url: values.MATTERMOST_URL, team: values.MATTERMOST_TEAM, ...(values.MATTERMOST_TOKEN ? { token: values.MATTERMOST_TOKEN } : {}) }
        : null,
    deliverability: {
      postmarkAccountToken: values.POSTMARK_ACCOUNT_TOKEN ?? null,
      dnsServers: values.DNS_SERVERS,
      lookupTimeoutMs: values.DNS_TIMEOUT_MS,
      tries: values.DNS_TRIES,
      timeoutMs: values.DELIVERABILITY_TIMEOUT_MS,
      dkimSelector: values.DKIM_SELECTOR ?? null,
      blocklists: { domainZones: values.BLOCKLIST_DOMAIN_ZONES, ipZones: values.BLOCKLIST_IP_ZONES, ips: values.BLOCKLIST_IPS },
    },
    renewalLinkDays: values.RENEWAL_LINK_DAYS,
    maxRequestsInFlight: values.MAX_REQUESTS_IN_FLIGHT,
    workers: values.PASSERELLE_WORKERS,
    searchThreads: values.SEARCH_THREADS,
    workerHeader: values.PASSERELLE_WORKER_HEADER === '1',
    backups: { dir: path.resolve(values.BACKUP_DIR ?? path.join(values.DATA_DIR, 'backups')), keep: values.BACKUP_KEEP },
    retention: retentionPolicyFrom(values),
    mailTracking: { opens: values.MAIL_TRACK_OPENS === 'true', links: values.MAIL_TRACK_LINKS },
    processorLocations: { meilisearch: values.MEILI_LOCATION ?? null, mattermost: values.MATTERMOST_LOCATION ?? null },
  };
}
