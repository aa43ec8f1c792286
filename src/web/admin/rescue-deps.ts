import type { NoticeDeps } from '../../core/accounts/rescue.ts';
import type { Config } from '../../core/config.ts';
import { organisationName, receivingOrganisation } from '../../core/mail/deliverability/receiving-organisation.ts';
import { createNodeResolver, type DnsResolver } from '../../core/mail/deliverability/resolver.ts';
import { createPostmarkReader, type SentMessageReader } from '../../core/mail/timeline/sent-message-reader.ts';
import { route } from '../../core/routes.ts';
import type { Runtime } from '../runtime.ts';

let reader: { token: string; reader: SentMessageReader } | undefined;
let resolver: DnsResolver | undefined;

/** Postmark's read-back client, built once per process; null while mail stays in the outbox. */
export function sentMessageReader(config: Config): SentMessageReader | null {
  if (!('postmarkToken' in config.mail)) return null;
  if (reader?.token !== config.mail.postmarkToken) reader = { token: config.mail.postmarkToken, reader: createPostmarkReader({ serverToken: config.mail.postmarkToken, apiHost: config.mail.apiHost }) };
  return reader.reader;
}

/** The streams an address may be suppressed on: the transactional one and the campaigns' broadcast one. */
export function suppressionStreams(config: Config): string[] {
  return 'postmarkToken' in config.mail ? [...new Set([config.mail.stream, config.mail.broadcastStream])] : [];
}

/**
 * Who receives a domain's mail, named as campaigns name it (a provider kind or
 * the organisation's domain), through the one resolver of the process: its
 * answers are cached an hour and every look-up has a deadline.
 */
export function organisationOf(config: Config): (domain: string) => Promise<string> {
  const settings = config.deliverability;
  resolver ??= createNodeResolver({ servers: settings.dnsServers, lookupTimeoutMs: settings.lookupTimeoutMs, tries: settings.tries });
  const shared = resolver;
  return async (domain) => organisationName(await receivingOrganisation(shared, domain), domain);
}

export function noticeDeps(runtime: Runtime): NoticeDeps {
  return {
    db: runtime.database.db,
    mail: runtime.mail,
    communityName: runtime.config.communityName,
    contactEmail: runtime.config.contactEmail,
    publicUrl: runtime.config.publicUrl,
    timeZone: runtime.config.timeZone,
    signInPath: (locale) => route('signIn', locale),
    accountPath: (locale) => route('account', locale),
  };
}
