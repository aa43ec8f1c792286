import { defineConfig, devices } from '@playwright/test';

// Browser tests run the built server exactly as operators do (`src/server/start.ts`),
// in Debian's Chromium: this machine cannot download Playwright's own browsers.
const PORT = Number(process.env.E2E_PORT ?? 4391);
// The deliverability page asks this local DNS stand-in (DNS_SERVERS): the machine has no other DNS to ask.
const DNS_PORT = Number(process.env.E2E_DNS_PORT ?? 5391);
// Members' Mattermost accounts go to this local stand-in (tests/stand-ins/mattermost-server.ts); tests drive
// and read it through its /__stand-in/ routes, and archive links point at it too.
const MATTERMOST_PORT = Number(process.env.E2E_MATTERMOST_PORT ?? 6391);
process.env.E2E_MATTERMOST_URL ??= `http://127.0.0.1:${MATTERMOST_PORT}`;
const MATTERMOST_URL = process.env.E2E_MATTERMOST_URL;
const MATTERMOST_TOKEN = 'e2e-mattermost-token';
// Computed once by the runner; workers inherit it, so tests can read the server's database (the demo outbox).
process.env.E2E_DATA_DIR ??= `${process.env.TMPDIR ?? '/tmp'}/passerelle-e2e-${process.pid}`;
const DATA_DIR = process.env.E2E_DATA_DIR;
// A second server whose mail goes through Postmark, here a local stand-in (tests/stand-ins/postmark-serve.ts),
// for the campaign and rescue tests; the first server keeps its outbox. Tests read its database too.
const POSTMARK_PORT = Number(process.env.E2E_POSTMARK_PORT ?? 7391);
const MAIL_PORT = Number(process.env.E2E_MAIL_PORT ?? 4392);
process.env.E2E_MAIL_URL ??= `http://localhost:${MAIL_PORT}`;
process.env.E2E_MAIL_DATA_DIR ??= `${DATA_DIR}-mail`;
const MAIL_DATA_DIR = process.env.E2E_MAIL_DATA_DIR;
export const E2E_POSTMARK_TOKEN = 'e2e-postmark-server-token';
process.env.E2E_MAIL_SERVER_ENV = JSON.stringify({
  PASSERELLE_DEMO: '1',
  // Two serving processes, as on the 2-core machines it is deployed on, whatever the machine running the tests.
  PASSERELLE_WORKERS: '2',
  PORT: String(MAIL_PORT),
  DATA_DIR: MAIL_DATA_DIR,
  LOG_LEVEL: 'warn',
  TRUST_PROXY: 'true',
  POSTMARK_SERVER_TOKEN: E2E_POSTMARK_TOKEN,
  MAIL_FROM: 'Collectif <bonjour@example.org>',
  POSTMARK_API_URL: `http://127.0.0.1:${POSTMARK_PORT}`,
  // Postmark's webhooks reach this server with these credentials (tests post them as Postmark would).
  POSTMARK_WEBHOOK_USER: 'postmark',
  POSTMARK_WEBHOOK_PASSWORD: 'correct-horse-battery-staple',
  DNS_SERVERS: `127.0.0.1:${DNS_PORT}`,
  DNS_TIMEOUT_MS: '1000',
});

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // Generous: a shared 2-core machine can be slow, and a timeout tells less than the assertion it cut short.
  timeout: 60_000,
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    baseURL: `http://localhost:${PORT}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--no-first-run'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: [
    {
      command: `node tests/stand-ins/dns-serve.ts ${DNS_PORT}`,
      // The stand-in answers over TCP on the same port as UDP: Playwright waits for that.
      port: DNS_PORT,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `node tests/stand-ins/mattermost-server.ts --port ${MATTERMOST_PORT} --token ${MATTERMOST_TOKEN} --team collectif`,
      url: `${MATTERMOST_URL}/__stand-in/state`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `rm -rf ${DATA_DIR} && node src/server/start.ts --demo`,
      url: `http://localhost:${PORT}/healthz`,
      // TRUST_PROXY lets each test present its own client address, so rate limits per IP do not couple tests.
      // MATTERMOST_*: members' Mattermost accounts follow their renewal, in the stand-in above.
      env: {
        PORT: String(PORT),
        DATA_DIR,
        // Two serving processes (a primary running the jobs): every page is checked as the cluster serves it.
        PASSERELLE_WORKERS: '2',
        LOG_LEVEL: 'warn',
        TRUST_PROXY: 'true',
        DNS_SERVERS: `127.0.0.1:${DNS_PORT}`,
        DNS_TIMEOUT_MS: '1000',
        DKIM_SELECTOR: '20240101pm',
        MATTERMOST_URL,
        MATTERMOST_TEAM: 'collectif',
        MATTERMOST_TOKEN,
      },
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      command: `node tests/stand-ins/postmark-serve.ts ${E2E_POSTMARK_TOKEN} ${POSTMARK_PORT}`,
      port: POSTMARK_PORT,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `rm -rf ${MAIL_DATA_DIR} && node src/server/start.ts --demo`,
      url: `${process.env.E2E_MAIL_URL}/healthz`,
      env: JSON.parse(process.env.E2E_MAIL_SERVER_ENV) as Record<string, string>,
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});
