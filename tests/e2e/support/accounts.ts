import { createClient } from '@libsql/client';
import { expect, type Page } from '@playwright/test';

/** The demo server keeps sign-in mail bodies in its outbox; tests read them like an administrator would. */
async function latestMailText(email: string): Promise<string> {
  const client = createClient({ url: `file:${process.env.E2E_DATA_DIR}/passerelle.sqlite` });
  try {
    const { rows } = await client.execute({
      sql: "SELECT text_body FROM mail_messages WHERE recipient = ? AND template = 'sign-in' ORDER BY created_at DESC LIMIT 1",
      args: [email],
    });
    const text = rows[0]?.text_body;
    if (typeof text !== 'string') throw new Error(`no sign-in mail for ${email}`);
    return text;
  } finally {
    client.close();
  }
}

export async function latestCode(email: string): Promise<string> {
  return /\b(\d{8})\b/.exec(await latestMailText(email))![1]!;
}

export async function latestLink(email: string): Promise<string> {
  return /(https?:\/\/\S+\?token=\S+)/.exec(await latestMailText(email))![1]!;
}

/** Every test speaks from its own address (TRUST_PROXY): per-IP limits stay per test. */
export function clientAddress(seed: string): string {
  let hash = 0;
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `10.${(hash >> 16) & 255}.${(hash >> 8) & 255}.${hash & 255}`;
}

export async function requestCode(page: Page, email: string, locale: 'fr' | 'en' = 'fr'): Promise<void> {
  await page.goto(locale === 'fr' ? '/fr/connexion' : '/en/sign-in');
  await page.getByLabel(locale === 'fr' ? 'Adresse courriel' : 'Email address').fill(email);
  await page.getByRole('button', { name: locale === 'fr' ? 'Recevoir mon code' : 'Send me a code' }).click();
  await expect(page).toHaveURL(locale === 'fr' ? /\/fr\/connexion\/code/ : /\/en\/sign-in\/code/);
}

/**
 * Tests in parallel may sign the same person in at the same moment; a newer
 * request cancels the older code, so the one that lost asks again.
 */
export async function signIn(page: Page, email: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await requestCode(page, email);
    await page.getByLabel('Code à 8 chiffres').fill(await latestCode(email));
    await page.getByRole('button', { name: 'Me connecter' }).click();
    await page.waitForLoadState();
    if (attempt === 3 || new URL(page.url()).pathname === '/fr/compte') break;
  }
  await expect(page).toHaveURL(/\/fr\/compte$/);
}
