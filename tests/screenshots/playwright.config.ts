import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const servers = Array.isArray(base.webServer) ? base.webServer : base.webServer ? [base.webServer] : [];

// The README's screenshots, re-taken on the demo by `npm run screenshots`: the e2e servers, this folder's tests.
export default defineConfig({ ...base, testDir: '.', workers: 1, fullyParallel: false, webServer: servers.map((server) => ({ ...server, cwd: root })) });
