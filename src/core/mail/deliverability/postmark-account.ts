import { AccountClient } from 'postmark';

/**
 * What the deliverability check reads from Postmark's account API (Domains and
 * Sender Signatures). The account token can create servers and domains: it is
 * read from the environment, used for these reads only, and never logged.
 */
export interface PostmarkDomainDetails {
  name: string;
  dkimVerified: boolean;
  returnPathVerified: boolean;
  spfVerified: boolean;
  /** The DKIM record Postmark signs with now, or the one it waits for (a new domain, a key being rotated). */
  dkim: { host: string; value: string } | null;
  dkimPending: { host: string; value: string } | null;
  returnPathDomain: string | null;
  returnPathTarget: string | null;
}

export interface PostmarkSenderSignature {
  email: string;
  confirmed: boolean;
}

export interface PostmarkAccount {
  /** The domain as Postmark knows it, or null when the account has no such domain. */
  findDomain(name: string): Promise<PostmarkDomainDetails | null>;
  senderSignatures(): Promise<PostmarkSenderSignature[]>;
}

export interface PostmarkAccountOptions {
  accountToken: string;
  timeoutSeconds?: number;
  /** Tests point the client at a local stand-in, e.g. "127.0.0.1:4100" without https. */
  requestHost?: string;
  useHttps?: boolean;
}

/** Postmark pages these lists; 500 is the largest page it serves. */
const PAGE = 500;
/** An account with more than this many domains or signatures is not a community's. */
const MAX_PAGES = 20;

export function createPostmarkAccount(options: PostmarkAccountOptions): PostmarkAccount {
  const client = new AccountClient(options.accountToken, {
    timeout: options.timeoutSeconds ?? 10,
    ...(options.requestHost === undefined ? {} : { requestHost: options.requestHost }),
    ...(options.useHttps === undefined ? {} : { useHttps: options.useHttps }),
  });
  const pair = (host: string | undefined, value: string | undefined) => (host && value ? { host: host.toLowerCase(), value } : null);
  return {
    async findDomain(name) {
      const wanted = name.toLowerCase();
      for (let page = 0; page < MAX_PAGES; page++) {
        const { Domains, TotalCount } = await client.getDomains({ count: PAGE, offset: page * PAGE });
        const found = Domains.find((domain) => domain.Name.toLowerCase() === wanted);
        if (found) {
          const details = await client.getDomain(found.ID);
          return {
            name: details.Name,
            dkimVerified: details.DKIMVerified,
            returnPathVerified: details.ReturnPathDomainVerified,
            spfVerified: details.SPFVerified,
            dkim: pair(details.DKIMHost, details.DKIMTextValue),
            dkimPending: pair(details.DKIMPendingHost, details.DKIMPendingTextValue),
            returnPathDomain: details.ReturnPathDomain ? details.ReturnPathDomain.toLowerCase() : null,
            returnPathTarget: details.ReturnPathDomainCNAMEValue ? details.ReturnPathDomainCNAMEValue.toLowerCase() : null,
          };
        }
        if ((page + 1) * PAGE >= TotalCount || Domains.length === 0) return null;
      }
      return null;
    },
    async senderSignatures() {
      const signatures: PostmarkSenderSignature[] = [];
      for (let page = 0; page < MAX_PAGES; page++) {
        const { SenderSignatures, TotalCount } = await client.getSenderSignatures({ count: PAGE, offset: page * PAGE });
        signatures.push(...SenderSignatures.map((signature) => ({ email: signature.EmailAddress.toLowerCase(), confirmed: signature.Confirmed })));
        if ((page + 1) * PAGE >= TotalCount || SenderSignatures.length === 0) break;
      }
      return signatures;
    },
  };
}
