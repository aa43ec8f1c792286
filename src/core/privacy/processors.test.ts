import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { listProcessors } from './processors.ts';
import { PRODUCTION_ENV } from '../../../tests/support/production-env.ts';

const processorsOf = (env: Record<string, string>) => listProcessors(loadConfig({ ...PRODUCTION_ENV, ...env }, { demo: false }));

describe('listProcessors', () => {
  it('names only the processors the configuration uses', () => {
    expect(processorsOf({})).toEqual([]);
    // A Meilisearch without a stated location runs beside Passerelle: not a processor elsewhere.
    expect(processorsOf({ MEILI_URL: 'http://127.0.0.1:7700' })).toEqual([]);
  });

  it('puts Postmark in the United States, and Meilisearch and Mattermost where the configuration says', () => {
    expect(
      processorsOf({
        POSTMARK_SERVER_TOKEN: 'token',
        MAIL_FROM: 'bonjour@example.org',
        MEILI_URL: 'https://search.example.net',
        MEILI_LOCATION: 'Canada (Toronto)',
        MATTERMOST_URL: 'https://chat.example.org',
        MATTERMOST_TEAM: 'collectif',
        MATTERMOST_LOCATION: 'Québec (Montréal)',
      }),
    ).toEqual([
      { name: 'postmark', location: { known: 'united-states' } },
      { name: 'meilisearch', location: { stated: 'Canada (Toronto)' } },
      { name: 'mattermost', location: { stated: 'Québec (Montréal)' } },
    ]);
    expect(processorsOf({ MATTERMOST_URL: 'https://chat.example.org', MATTERMOST_TEAM: 'collectif' })).toEqual([{ name: 'mattermost', location: { unstated: true } }]);
  });
});
