import type { Db } from '../db/client.ts';
import type { Logger } from '../log.ts';
import type { SearchEngine } from '../search/port.ts';
import { queueAuthorForSearch } from '../search/queue-authors.ts';
import { safeError } from '../text/safe-error.ts';
import type { ConsentPurposeId } from './consents.ts';
import type { Member } from './members.ts';

export interface ConsentEffectsDeps {
  db: Db;
  search: Pick<SearchEngine, 'sync'> | null;
  log: Logger;
}

/**
 * What a changed choice does beyond the register. "Show my name" needs nothing:
 * the archive reads the current choice each time. "Include in search" moves the
 * member's messages out of (or back into) the index: queued, then synced now;
 * if the engine cannot answer, the queue keeps them for the next sync.
 */
export async function applyConsentChanges(deps: ConsentEffectsDeps, member: Member, changed: readonly ConsentPurposeId[]): Promise<void> {
  if (!changed.includes('include-in-search') || !member.slackPersonId) return;
  await queueAuthorForSearch(deps.db, member.slackPersonId);
  if (!deps.search) return;
  try {
    await deps.search.sync();
  } catch (error) {
    deps.log.warn({ member: member.id, err: safeError(error) }, 'search could not follow a consent change yet: run search-sync');
  }
}
