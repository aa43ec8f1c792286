import { describe, expect, it } from 'vitest';
import { translator } from '../../core/i18n/index.ts';
import { emptyCampaignForm, parseCampaignForm, readCampaignForm, type CampaignFormValues } from './campaign-form.ts';

const fr = translator('fr');
const en = translator('en');

function filled(overrides: Partial<CampaignFormValues> = {}): CampaignFormValues {
  return {
    ...emptyCampaignForm('7c2f5d1e-0000-4000-8000-000000000001', 'broadcast'),
    name: 'Renouvellement',
    subjectFr: 'Renouvelez, {{name}}',
    bodyFr: 'Bonjour {{name}}, {{link}}',
    subjectEn: 'Renew, {{name}}',
    bodyEn: 'Hello {{name}}, {{link}}',
    ...overrides,
  };
}

describe('the campaign form', () => {
  it('gives the new campaign with the plan typed and every member not renewed by default', () => {
    const result = parseCampaignForm(filled({ growth: '1,5', reminderAfterDays: '' }), fr);
    expect(result).toEqual({
      campaign: expect.objectContaining({ name: 'Renouvellement', audience: {}, firstWave: '50', growth: '1.5', dailyCap: '2000', organisationHourlyCap: '20', reminderAfterDays: null, stream: 'broadcast' }),
    });
  });

  it('says what is wrong with each field, in the page’s language, all at once', () => {
    const values = filled({ name: ' ', bodyFr: 'Bonjour sans lien', subjectEn: 'Your link: {{link}}', growth: 'lots', dailyCap: '0', reminderAfterDays: '120', stream: 'Broad Cast' });
    const result = parseCampaignForm(values, fr);
    expect('errors' in result && result.errors).toEqual({
      name: fr('admin.campaigns.error.name'),
      bodyFr: fr('admin.campaigns.error.bodyWithoutLink'),
      subjectEn: fr('admin.campaigns.error.subjectHoldsLink'),
      growth: fr('admin.campaigns.error.growth'),
      dailyCap: fr('admin.campaigns.error.dailyCap'),
      reminderAfterDays: fr('admin.campaigns.error.reminderAfterDays'),
      stream: fr('admin.campaigns.error.stream'),
    });
    const english = parseCampaignForm(values, en);
    expect('errors' in english && english.errors.bodyFr).toBe(en('admin.campaigns.error.bodyWithoutLink'));
  });

  it('reads filters, refuses bad domains and an empty filter', () => {
    const ok = parseCampaignForm(filled({ audienceKind: 'filters', statuses: ['invited'], locales: ['en'], domains: 'ULaval.ca, @umontreal.ca' }), en);
    expect('campaign' in ok && ok.campaign.audience).toEqual({ statuses: ['invited'], locales: ['en'], domains: ['ulaval.ca', 'umontreal.ca'] });
    const badDomain = parseCampaignForm(filled({ audienceKind: 'filters', domains: 'not a domain!' }), en);
    expect('errors' in badDomain && badDomain.errors.domains).toBe(en('admin.campaigns.error.domains'));
    const forgedStatus = parseCampaignForm(filled({ audienceKind: 'filters', statuses: ['disabled'] }), en);
    expect('errors' in forgedStatus && forgedStatus.errors.audience).toBe(en('admin.campaigns.error.audience'));
    const none = parseCampaignForm(filled({ audienceKind: 'filters' }), en);
    expect('errors' in none && none.errors.audience).toBe(en('admin.campaigns.error.noFilter'));
  });

  it('reads an address list pasted or uploaded, and refuses a list without addresses', async () => {
    const form = new FormData();
    for (const [key, value] of Object.entries(filled({ audienceKind: 'list' }))) if (typeof value === 'string') form.set(key, value);
    form.set('csv', 'email,name\nAna@Example.org,Ana');
    form.set('csvFile', new File(['bob@example.org;Bob\n'], 'list.csv', { type: 'text/csv' }));
    const { values } = await readCampaignForm(form);
    const result = parseCampaignForm(values, fr);
    expect('campaign' in result && result.campaign.audience).toEqual({ emails: ['ana@example.org', 'bob@example.org'] });
    const empty = parseCampaignForm(filled({ audienceKind: 'list', csv: 'email\nnobody' }), fr);
    expect('errors' in empty && empty.errors.csv).toBe(fr('admin.campaigns.error.csv'));
  });
});
