import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.ts';
import { describePeriod, processorLines, retentionRows, retentionTableHtml } from './privacy-sections.ts';
import { PRODUCTION_ENV } from '../../../tests/support/production-env.ts';

const configOf = (env: Record<string, string> = {}) => loadConfig({ ...PRODUCTION_ENV, ...env }, { demo: false });

describe('privacy page sections', () => {
  it('state the periods the job enforces, in both languages, following the configuration', () => {
    const config = configOf({ RETENTION_AUDIT_LOG_DAYS: '730', RETENTION_MAIL_BODY_DAYS: '45' });
    const fr = Object.fromEntries(retentionRows('fr', config).map((row) => [row.what, row.howLong]));
    expect(fr).toMatchObject({
      'Codes et liens de connexion': '15 minutes, puis effacés, y compris du courriel qui les contenait',
      'Sessions de connexion': '30 jours au plus\u202f; fermées après 7 jours sans utilisation',
      'Liens de renouvellement': 'Jusqu’à leur expiration, 14 jours après l’envoi',
      'Texte des courriels envoyés': '45 jours après l’envoi',
      'Journal d’audit des actions de l’administration': '2 ans\u202f; les entrées sur les incidents, aussi longtemps que le registre',
      'Registre des incidents de confidentialité': '5 ans au moins',
    });
    const en = Object.fromEntries(retentionRows('en', config).map((row) => [row.what, row.howLong]));
    expect(en).toMatchObject({ 'Disabled member account': 'Deleted 1 year after it was disabled', 'Confidentiality incident register': 'At least 5 years' });
    expect(describePeriod('en', { days: 30 })).toBe('30 days');
    expect(describePeriod('en', { days: 1095 })).toBe('3 years');
    expect(describePeriod('fr', { days: 1 })).toBe('1 jour');
  });

  it('escape what the configuration says', () => {
    const html = retentionTableHtml('en', configOf());
    expect(html).toMatch(/^<table><thead>/);
    const lines = processorLines('en', configOf({ MATTERMOST_URL: 'https://chat.example.org', MATTERMOST_TEAM: 'collectif', MATTERMOST_LOCATION: 'Québec <Montréal>' }));
    expect(lines).toEqual(['Conversations: Mattermost hosts our current conversations. It receives your name, your email address and your messages. Location: Québec <Montréal>.']);
  });

  it('name Postmark in the United States, with tracking as configured', () => {
    const postmark = { POSTMARK_SERVER_TOKEN: 't', MAIL_FROM: 'bonjour@example.org' };
    expect(processorLines('fr', configOf(postmark))).toEqual([expect.stringContaining('Lieu\u202f: États-Unis.'), expect.stringContaining('suivi des ouvertures et des clics est désactivé')]);
    expect(processorLines('en', configOf({ ...postmark, MAIL_TRACK_OPENS: 'true' }))[1]).toMatch(/turned on open or click tracking/);
    expect(processorLines('en', configOf())).toEqual(['No processor receives personal information: everything is handled on the community’s server.']);
  });
});
