import type { Locale } from '../i18n/index.ts';
import type { Campaign } from './campaigns.ts';
import { composeCampaignParts, composeCampaignMail, UNSUBSCRIBE_PLACEHOLDER, type CampaignTemplate } from './compose.ts';

/** A made-up member, one per language: previews and test sends never name a real one. */
export const SAMPLE_NAMES: Record<Locale, string> = { fr: 'Camille Exemple', en: 'Sam Example' };

export interface PreviewSite {
  publicUrl: string;
  communityName: string;
}

/**
 * Where the member's link goes in a preview: the site's address and an
 * ellipsis, visibly an example. A preview never issues a live renewal link.
 */
export function exampleLink(site: PreviewSite): string {
  return `${site.publicUrl.replace(/\/+$/, '')}/…`;
}

export function templateOf(campaign: Pick<Campaign, 'subjectFr' | 'bodyFr' | 'subjectEn' | 'bodyEn'>, locale: Locale): CampaignTemplate {
  return locale === 'fr' ? { subject: campaign.subjectFr, body: campaign.bodyFr } : { subject: campaign.subjectEn, body: campaign.bodyEn };
}

function sampleInput(campaign: Pick<Campaign, 'subjectFr' | 'bodyFr' | 'subjectEn' | 'bodyEn'>, locale: Locale, site: PreviewSite, name: string | null) {
  return { template: templateOf(campaign, locale), locale, name: name ?? SAMPLE_NAMES[locale], link: exampleLink(site), communityName: site.communityName };
}

/**
 * The message in one language as a member reads it, inside a page: the
 * example link, and the same example where Postmark puts the unsubscribe link.
 */
export function previewCampaignParts(campaign: Pick<Campaign, 'subjectFr' | 'bodyFr' | 'subjectEn' | 'bodyEn'>, locale: Locale, site: PreviewSite, name: string | null = null) {
  const parts = composeCampaignParts(sampleInput(campaign, locale, site, name));
  const example = exampleLink(site);
  return { subject: parts.subject, content: parts.content.replaceAll(UNSUBSCRIBE_PLACEHOLDER, example), text: parts.text.replaceAll(UNSUBSCRIBE_PLACEHOLDER, example) };
}

/** The whole message (HTML document and text) with the example link: what a test send carries. */
export function previewCampaignMail(campaign: Pick<Campaign, 'subjectFr' | 'bodyFr' | 'subjectEn' | 'bodyEn'>, locale: Locale, site: PreviewSite, name: string | null = null) {
  return composeCampaignMail(sampleInput(campaign, locale, site, name));
}
