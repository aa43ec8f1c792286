/**
 * What campaigns need from other parts of Passerelle, passed in so each can be
 * replaced by its real implementation (and by fakes in tests).
 */

/** The latest deliverability check of the sending domain (SPF, DKIM, DMARC, Return-Path). */
export type DeliverabilityVerdict = { checkedAt: Date; passed: boolean; failing: string[] } | null;
export type VerdictSource = () => Promise<DeliverabilityVerdict>;

/** The organisation that receives a domain's mail (same MX: one university's Exchange, Google, Microsoft 365…). */
export type OrganisationOf = (domain: string) => Promise<string>;

/** Until MX lookups are wired, each domain is its own organisation. */
export const eachDomainAlone: OrganisationOf = async (domain) => domain;

/** A member's personal renewal link (absolute URL, live secret). */
export type RenewalLinkFor = (memberId: string) => Promise<string>;

/** The same for a whole batch at once (one transaction); members it leaves out go through `RenewalLinkFor`. */
export type RenewalLinksFor = (memberIds: string[]) => Promise<Map<string, string>>;
