import { members } from '../../src/core/db/schema/accounts.ts';
import type { Db } from '../../src/core/db/client.ts';
import { createCampaign, startCampaign, type NewCampaign } from '../../src/core/campaigns/campaigns.ts';

/** Members written directly (thousands at once), all invited and not renewed unless told. */
export async function addInvitedMembers(db: Db, count: number, options: { domainOf?: (index: number) => string; locale?: (index: number) => 'fr' | 'en' } = {}): Promise<string[]> {
  const now = new Date('2026-11-01T12:00:00Z');
  const rows = Array.from({ length: count }, (_, index) => ({
    id: `m${String(index).padStart(6, '0')}`,
    email: `membre${index}@${options.domainOf?.(index) ?? 'example.org'}`,
    name: `Membre ${index}`,
    locale: options.locale?.(index) ?? (index % 3 === 0 ? ('en' as const) : ('fr' as const)),
    status: 'invited' as const,
    createdAt: now,
    updatedAt: now,
  }));
  for (let start = 0; start < rows.length; start += 500) await db.insert(members).values(rows.slice(start, start + 500));
  return rows.map((row) => row.id);
}

export const CAMPAIGN_TEXT = {
  name: 'Renouvellement 2026',
  subjectFr: 'Renouvelez votre accès, {{name}}',
  subjectEn: 'Renew your access, {{name}}',
  bodyFr: 'Bonjour {{name}},\n\nVotre lien personnel : {{link}}\n\n- il sert une fois\n- il expire dans 30 jours',
  bodyEn: 'Hello {{name}},\n\nYour personal link: [renew now]({{link}})',
} satisfies Partial<NewCampaign>;

export async function startedCampaign(db: Db, plan: Partial<NewCampaign>, now: Date) {
  const campaign = await createCampaign(db, 'cli', { ...CAMPAIGN_TEXT, reminderAfterDays: null, ...plan } as NewCampaign, now);
  await startCampaign({ db, verdict: async () => ({ checkedAt: now, passed: true, failing: [] }), organisationOf: async (domain) => domain, now: () => now }, 'cli', campaign.id);
  return campaign;
}

/** A renewal link that names its member, so a test can tell whose message it reads. */
export const fakeRenewalLink = async (memberId: string) => `https://portail.example.org/fr/renouveler/${memberId}#secret`;
