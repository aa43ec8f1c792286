import { defineConfig, devices } from '@playwright/test';

// Browser tests run the built server exactly as operators do (`src/server/start.ts`),
// in Debian's Chromium: this machine cannot download Playwright's own browsers.
const PORT = Number(process.env.E2E_PORT ?? 4391);
// The deliverability page asks this local DNS stand-in (DNS_SERVERS): the machine has no other DNS to ask.
const DNS_PORT = Number(process.env.E2E_DNS_PORT ?? 5391);
// Computed once by the runner; workers inherit it, so tests can read the server's database (the demo outbox).
process.env.E2E_DATA_DIR ??= `${process.env.TMPDIR ?? '/tmp'}/passerelle-e2e-${process.pid}`;
const DATA_DIR = process.env.E2E_DATA_DIR;

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
      command: `rm -rf ${DATA_DIR} && node src/server/start.ts --demo`,
      url: `http://localhost:${PORT}/healthz`,
      // TRUST_PROXY lets each test present its own client address, so rate limits per IP do not couple tests.
      env: { PORT: String(PORT), DATA_DIR, LOG_LEVEL: 'warn', TRUST_PROXY: 'true', DNS_SERVERS: `127.0.0.1:${DNS_PORT}`, DNS_TIMEOUT_MS: '1000', DKIM_SELECTOR: '20240101pm' },
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});
