/**
 * What a production start requires (config.ts refuses to start without it),
 * for tests that load a real configuration and add what they exercise.
 */
export const PRODUCTION_ENV = {
  PUBLIC_URL: 'https://portail.example.org/',
  COMMUNITY_NAME: 'Collectif',
  CONTACT_EMAIL: 'bonjour@example.org',
  PRIVACY_OFFICER_NAME: 'Camille',
  PRIVACY_OFFICER_EMAIL: 'vie-privee@example.org',
} as const;
