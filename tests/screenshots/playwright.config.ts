import { defineConfig } from '@playwright/test';
import base from '../../playwright.config.ts';

// The README's screenshots, re-taken on the demo by `npm run screenshots` (the e2e server, another folder of tests).
export default defineConfig({ ...base, testDir: '.', workers: 1, fullyParallel: false });
