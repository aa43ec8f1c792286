import type { AstroGlobal } from 'astro';
import type { ValidSession } from '../../core/accounts/sessions.ts';
import { ArchivePrivacyError, listHiddenMessages, readNameLevel, setMessageHidden, setNameLevel } from '../../core/archive/name-levels.ts';
import { route } from '../../core/routes.ts';
import { profileSchema, rectifyProfile, requestEmailChange } from '../../core/accounts/rectify.ts';
import { emailChangeDeps } from './email-change.ts';
import { MY_DATA_PATH } from '../../core/my-data/download.ts';

export interface MyDataView {
  downloadPath: string;
  /** null: the member is linked to no Slack person, so the archive never names them. */
  nameLevel: { pseudonymised: boolean; byAdminOn: Date | null } | null;
  hidden: { channelId: string; ts: string; at: Date; excerpt: string }[];
  /** What the last form did, shown once. */
  notice: string | null;
}

const NOTICES = ['level-saved', 'hidden', 'shown', 'not-found', 'not-author', 'rectified', 'email-sent', 'email-invalid', 'email-same'] as const;

/** A message's link as members copy it: the neutral permalink, or a channel or thread page scrolled to it. */
export function messageFromLink(link: string): { channelId: string; ts: string } | null {
  const text = link.trim();
  const direct = /\/archive\/([A-Z0-9]{1,20})\/(\d{10}\.\d{6})(?:[?#]|$)/.exec(text);
  if (direct) return { channelId: direct[1]!, ts: direct[2]! };
  const scrolled = /\/archive\/([A-Z0-9]{1,20})(?:\/thread\/\d{10}\.\d{6})?\?(?:[^#]*&)?at=(\d{10}\.\d{6})/.exec(text);
  if (scrolled) return { channelId: scrolled[1]!, ts: scrolled[2]! };
  return null;
}

/** The « Mes données » forms of the account page; null when the form is not one of them. */
export async function handleMyDataForm(context: AstroGlobal, viewer: ValidSession, form: Record<string, string | undefined>): Promise<Response | null> {
  const { runtime, locale } = context.locals;
  const deps = { db: runtime.database.db, search: runtime.search, log: runtime.log };
  const member = viewer.member;
  const back = (notice: (typeof NOTICES)[number]) => context.redirect(`${route('account', locale)}?data=${notice}#my-data`, 303);
  if (form.intent === 'rectify') {
    const parsed = profileSchema.safeParse({ name: form.name ?? '', displayName: form.displayName ?? '', locale: form.locale });
    if (parsed.success) await rectifyProfile(deps.db, member, parsed.data);
    return context.redirect(`${route('account', parsed.success ? parsed.data.locale : locale)}?data=rectified#my-data`, 303);
  }
  if (form.intent === 'email-change') {
    const outcome = await requestEmailChange(emailChangeDeps(context), member, form.email ?? '');
    return back(outcome === 'sent' ? 'email-sent' : outcome === 'same' ? 'email-same' : 'email-invalid');
  }
  if (form.intent === 'name-level') {
    if (!member.slackPersonId) return back('not-found');
    const pseudonymised = form.level === 'pseudonymised';
    await setNameLevel(deps, { memberId: member.id }, member.slackPersonId, { level: pseudonymised ? 'pseudonymised' : null, source: 'member' }, member.id);
    return back('level-saved');
  }
  if (form.intent === 'hide-message' || form.intent === 'show-message') {
    const hide = form.intent === 'hide-message';
    const target = hide ? messageFromLink(form.link ?? '') : form.channelId && form.ts ? { channelId: form.channelId, ts: form.ts } : null;
    if (!target) return back('not-found');
    try {
      await setMessageHidden(deps, member, target.channelId, target.ts, hide);
    } catch (error) {
      if (error instanceof ArchivePrivacyError && (error.code === 'not-found' || error.code === 'not-author')) return back(error.code);
      throw error;
    }
    return back(hide ? 'hidden' : 'shown');
  }
  return null;
}

export async function loadMyDataView(context: AstroGlobal, viewer: ValidSession): Promise<MyDataView> {
  const db = context.locals.runtime.database.db;
  const personId = viewer.member.slackPersonId;
  const level = personId ? await readNameLevel(db, personId) : null;
  const notice = context.url.searchParams.get('data');
  return {
    downloadPath: MY_DATA_PATH,
    nameLevel: personId
      ? { pseudonymised: level?.level === 'pseudonymised', byAdminOn: level?.level === 'pseudonymised' && level.source === 'admin' ? level.at : null }
      : null,
    hidden: (await listHiddenMessages(db, viewer.member.id)).map((row) => ({ channelId: row.channelId, ts: row.ts, at: row.at, excerpt: (row.plain ?? '').slice(0, 80) })),
    notice: NOTICES.find((known) => known === notice) ?? null,
  };
}
