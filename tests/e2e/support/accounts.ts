import fs from 'node:fs';
import path from 'node:path';
import { createClient } from '@libsql/client';
import { expect, type Page } from '@playwright/test';

/**
 * The demo server keeps sign-in mail bodies in its outbox; tests read them like an administrator would.
 * The page answers without waiting for the mail to be written, so this waits for it, as a person would:
 * up to 15 s, as two browsers and three server processes share two cores (5 s was once not enough).
 */
async function latestMailText(email: string, since: number): Promise<string> {
  const client = await serverDatabase();
  try {
    for (let waited = 0; ; waited += 100) {
      const { rows } = await client.execute({
        sql: "SELECT text_body FROM mail_messages WHERE recipient = ? AND template = 'sign-in' AND created_at >= ? ORDER BY created_at DESC LIMIT 1",
        args: [email, since],
      });
      const text = rows[0]?.text_body;
      if (typeof text === 'string') return text;
      if (waited >= 15_000) throw new Error(`no sign-in mail for ${email} after 15 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    client.close();
  }
}

/** The demo server's database, which tests read (and, to set a scene, write) beside it: writes wait for the server's. */
export async function serverDatabase() {
  const client = createClient({ url: `file:${process.env.E2E_DATA_DIR}/passerelle.sqlite` });
  await client.execute('PRAGMA busy_timeout = 5000');
  return client;
}

/** The code of the newest sign-in mail to this address (sent at or after `since`, in ms). */
export async function latestCode(email: string, since = 0): Promise<string> {
  return /\b(\d{8})\b/.exec(await latestMailText(email, since))![1]!;
}

export async function latestLink(email: string, since = 0): Promise<string> {
  return /(https?:\/\/\S+\?token=\S+)/.exec(await latestMailText(email, since))![1]!;
}

/** Every test speaks from its own address (TRUST_PROXY): per-IP limits stay per test. */
export function clientAddress(seed: string): string {
  let hash = 0;
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `10.${(hash >> 16) & 255}.${(hash >> 8) & 255}.${hash & 255}`;
}

/**
 * Asks for a code; returns when it asked, so the mail read next is this request's.
 * A new code cancels the address's previous one: call it inside `holdingAddress`
 * when another test may sign the same address in.
 */
export async function requestCode(page: Page, email: string, locale: 'fr' | 'en' = 'fr'): Promise<number> {
  await page.goto(locale === 'fr' ? '/fr/connexion' : '/en/sign-in');
  const since = Date.now();
  await page.getByLabel(locale === 'fr' ? 'Adresse courriel' : 'Email address').fill(email);
  await page.getByRole('button', { name: locale === 'fr' ? 'Recevoir mon code' : 'Send me a code' }).click();
  await expect(page).toHaveURL(locale === 'fr' ? /\/fr\/connexion\/code/ : /\/en\/sign-in\/code/);
  return since;
}

/**
 * Signs in by code, as a person does. Sessions are kept per address for the
 * run (a file per address, shared by the workers) and reused by later tests:
 * each address may ask for only 5 codes an hour, which the whole run would
 * otherwise exceed. One worker at a time signs a given address in, so that two
 * tests never cancel each other's code. Tests that end their session, or are
 * about signing in, pass `fresh`: their session is their own, never shared.
 */
export async function signIn(page: Page, email: string, options: { fresh?: boolean } = {}): Promise<void> {
  const saved = path.join(sessionsFolder(), `${email}.json`);
  await holdingAddress(email, async () => {
    if (!options.fresh && fs.existsSync(saved)) {
      await page.context().addCookies(JSON.parse(fs.readFileSync(saved, 'utf8')));
      await page.goto('/fr/compte');
      if (new URL(page.url()).pathname === '/fr/compte') return;
      await page.context().clearCookies();
    }
    const since = await requestCode(page, email);
    await page.getByLabel('Code à 8 chiffres').fill(await latestCode(email, since));
    await page.getByRole('button', { name: 'Me connecter' }).click();
    // Without a page to go back to, a member lands on the archive.
    await expect(page).toHaveURL(/\/fr\/archive$/);
    if (!options.fresh) fs.writeFileSync(saved, JSON.stringify(await page.context().cookies()));
  });
}

function sessionsFolder(): string {
  return path.join(process.env.E2E_DATA_DIR!, 'e2e-sessions');
}

/** Runs `work` while no other worker asks a code for `email` (tests run in parallel, two workers). */
export function holdingAddress<T>(email: string, work: () => Promise<T>): Promise<T> {
  return withLock(path.join(sessionsFolder(), `${email}.lock`), work);
}

/** A directory as a lock between worker processes: creating it is atomic. */
async function withLock<T>(lock: string, work: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await work();
  } finally {
    fs.rmdirSync(lock);
  }
}
