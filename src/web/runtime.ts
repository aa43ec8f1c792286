import { loadConfig, type Config } from '../core/config.ts';
import { openDatabase, type Database } from '../core/db/client.ts';
import { createLogger, type Logger } from '../core/log.ts';
import { createMailDeps } from '../core/mail/from-config.ts';
import { mattermostFromConfig } from '../core/mattermost/from-config.ts';
import type { MattermostPort } from '../core/mattermost/port.ts';
import type { SendMailDeps } from '../core/mail/send-mail.ts';
import { watchMailTrouble, type ProviderTrouble } from '../core/mail/mail-trouble.ts';
import { createSearchEngine } from '../core/search/from-config.ts';
import type { SearchEngine } from '../core/search/port.ts';
import { accountFollower, type AccountFollower } from '../core/accounts/renewal-follow.ts';

/**
 * What every request needs, built once per serving process. The server's
 * start script has already validated the configuration and migrated the
 * database before the first request arrives.
 */
export interface Runtime {
  config: Config;
  log: Logger;
  database: Database;
  mail: SendMailDeps;
  /** Whether the mail provider is in trouble now (see core/mail/mail-trouble.ts): one watch per process. */
  mailTrouble: () => Promise<ProviderTrouble | null>;
  search: SearchEngine;
  /** Members' Mattermost accounts, when MATTERMOST_TOKEN is set; null otherwise. */
  mattermost: MattermostPort | null;
  /** The Mattermost step of a renewal (see core/accounts/renewal-follow.ts). */
  follower: AccountFollower;
}

let runtime: Promise<Runtime> | undefined;

export function getRuntime(): Promise<Runtime> {
  runtime ??= createRuntime();
  return runtime;
}

async function createRuntime(): Promise<Runtime> {
  const config = loadConfig(process.env);
  const log = createLogger(config);
  const database = await openDatabase(config.dataDir);
  // No timers here: every process serving pages builds a runtime, and the jobs run in one process only (server/background-jobs.ts).
  const mattermost = mattermostFromConfig(config);
  const mail = createMailDeps(config, database.db, log);
  return { config, log, database, mail, mailTrouble: watchMailTrouble(database.db, mail.transport), search: createSearchEngine(config, database, log, { threadScript: process.env.PASSERELLE_SEARCH_THREAD_SCRIPT }), mattermost, follower: accountFollower({ db: database.db, mattermost, log }) };
}
