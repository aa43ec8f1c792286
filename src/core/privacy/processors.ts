import type { Config } from '../config.ts';

/**
 * Who handles members' personal information outside Passerelle's own server,
 * what they receive and where: the privacy page's list (Law 25, s. 17),
 * built from the configuration so it names only what is actually used.
 */
export type ProcessorName = 'postmark' | 'meilisearch' | 'mattermost';

export interface Processor {
  name: ProcessorName;
  /** Where it holds the data: known (Postmark's United States), as the operator stated it, or unstated (the community's own hosting). */
  location: { known: 'united-states' } | { stated: string } | { unstated: true };
}

export type ProcessorSettings = Pick<Config, 'mail' | 'search' | 'mattermost' | 'processorLocations'>;

export function listProcessors(config: ProcessorSettings): Processor[] {
  const processors: Processor[] = [];
  // Postmark is a US company: every mail it carries leaves Québec.
  if ('postmarkToken' in config.mail) processors.push({ name: 'postmark', location: { known: 'united-states' } });
  // A Meilisearch beside Passerelle is Passerelle's own server; one hosted elsewhere says where.
  const meiliLocation = config.processorLocations.meilisearch;
  if ('meilisearch' in config.search && meiliLocation) processors.push({ name: 'meilisearch', location: { stated: meiliLocation } });
  if (config.mattermost) {
    const location = config.processorLocations.mattermost;
    processors.push({ name: 'mattermost', location: location ? { stated: location } : { unstated: true } });
  }
  return processors;
}
