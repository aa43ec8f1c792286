import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { openDatabase, type Database } from '../../../src/core/db/client.ts';

/**
 * The second server of the browser tests: demo content, mail through Postmark
 * (the stand-in of playwright.config.ts). Tests read and write its database
 * beside it, and run the command line against it, as an operator would.
 */
export const MAIL_URL = process.env.E2E_MAIL_URL!;
const serverEnv = (): Record<string, string> => JSON.parse(process.env.E2E_MAIL_SERVER_ENV!) as Record<string, string>;
export const POSTMARK_TOKEN = (): string => serverEnv().POSTMARK_SERVER_TOKEN!;

export function mailServerDatabase(): Promise<Database> {
  return openDatabase(process.env.E2E_MAIL_DATA_DIR!);
}

/** `npm run passerelle -- …` with the mail server's configuration; returns what it printed. */
export function runCli(...args: string[]): string {
  return execFileSync(process.execPath, ['src/cli/main.ts', ...args], { env: { ...process.env, ...serverEnv() }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function tempFile(name: string, content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-e2e-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** Polls the mail server's database until `read` returns something, as a person would wait. */
export async function waitFor<T>(read: (database: Database) => Promise<T | undefined>, what: string, timeoutMs = 90_000): Promise<T> {
  const database = await mailServerDatabase();
  try {
    for (let waited = 0; ; waited += 250) {
      const found = await read(database);
      if (found !== undefined) return found;
      if (waited >= timeoutMs) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    database.close();
  }
}

/** Signs in on the mail server by code; the demo keeps the code's mail body in its database. */
export async function signInOnMailServer(page: Page, email: string): Promise<void> {
  await page.goto(`${MAIL_URL}/fr/connexion`);
  const since = Date.now();
  await page.getByLabel('Adresse courriel').fill(email);
  await page.getByRole('button', { name: 'Recevoir mon code' }).click();
  await expect(page).toHaveURL(/\/fr\/connexion\/code/);
  const text = await waitFor(async ({ client }) => {
    const { rows } = await client.execute({ sql: "SELECT text_body FROM mail_messages WHERE recipient = ? AND template = 'sign-in' AND created_at >= ? ORDER BY created_at DESC LIMIT 1", args: [email, since] });
    return typeof rows[0]?.text_body === 'string' ? rows[0].text_body : undefined;
  }, `a sign-in mail for ${email}`, 10_000);
  await page.getByLabel('Code à 8 chiffres').fill(/\b(\d{8})\b/.exec(text)![1]!);
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await expect(page).toHaveURL(/\/fr\/archive$/);
}
