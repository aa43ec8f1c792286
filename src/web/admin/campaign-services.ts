import { createCampaignServices, type CampaignServices } from '../../core/campaigns/from-config.ts';
import type { Runtime } from '../runtime.ts';

const built = new WeakMap<Runtime, CampaignServices>();

/**
 * The campaign services of this server process, built once: the resolver's
 * cache of receiving organisations then lasts across page views, so a
 * draft's schedule costs DNS look-ups only the first time.
 */
export function campaignServices(runtime: Runtime): CampaignServices {
  let services = built.get(runtime);
  if (!services) {
    services = createCampaignServices(runtime.config, runtime.database, runtime.log, { mail: runtime.mail });
    built.set(runtime, services);
  }
  return services;
}
