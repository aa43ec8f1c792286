import type { AstroGlobal } from 'astro';
import { invalidateMemberSessions, invalidateSession, listMemberSessions, type Session, type ValidSession } from '../../core/accounts/sessions.ts';
import { MemberError, setMemberTimeZone } from '../../core/accounts/members.ts';
import { route } from '../../core/routes.ts';
import { clearSessionCookie } from '../session-cookie.ts';
import { readForm, requireViewer } from './guards.ts';
import { currentConsents, recordConsents, type CurrentConsents } from '../../core/accounts/consents.ts';
import { applyConsentChanges } from '../../core/accounts/consent-effects.ts';
import { needsRenewal } from '../../core/accounts/renewal.ts';
import { choicesFromForm } from '../renewal/renewal-form.ts';
import { handleMyDataForm, loadMyDataView, type MyDataView } from './my-data.ts';

export interface AccountView {
  viewer: ValidSession;
  sessions: Session[];
  /** "Renew my access" shows until the member has renewed. */
  needsRenewal: boolean;
  consents: CurrentConsents;
  /** Right after the member saved their choices. */
  consentsSaved: boolean;
  myData: MyDataView;
}

export async function handleAccount(context: AstroGlobal): Promise<Response | AccountView> {
  const viewer = requireViewer(context);
  if (viewer instanceof Response) return viewer;
  const { runtime, locale } = context.locals;
  const db = runtime.database.db;
  if (context.request.method === 'POST') {
    const form = await readForm(context.request);
    const handled = await handleMyDataForm(context, viewer, form);
    if (handled) return handled;
    if (form.intent === 'sign-out-everywhere') {
      await invalidateMemberSessions(db, viewer.member.id);
      clearSessionCookie(context.cookies, runtime.config);
      return context.redirect(route('signIn', locale), 303);
    }
    if (form.intent === 'time-zone') {
      const zone = form.timeZone ?? '';
      try {
        await setMemberTimeZone(db, viewer.member.id, zone === '' ? null : zone);
      } catch (error) {
        // An unknown zone (a forged form) changes nothing: the select only offers real ones.
        if (!(error instanceof MemberError)) throw error;
      }
      return context.redirect(route('account', locale), 303);
    }
    if (form.intent === 'consents') {
      // Every box of the form is an answer: an unticked one withdraws that consent.
      const changed = await recordConsents(db, viewer.member.id, choicesFromForm(form), 'account');
      await applyConsentChanges({ db, search: runtime.search, log: runtime.log }, viewer.member, changed);
      return context.redirect(`${route('account', locale)}?choices=saved#choices`, 303);
    }
    if (form.intent === 'sign-out-session' && form.session) {
      // Only the member's own sessions: the id comes from the form.
      const own = (await listMemberSessions(db, viewer.member.id)).some((session) => session.id === form.session);
      if (own) await invalidateSession(db, form.session);
      if (form.session === viewer.session.id) {
        clearSessionCookie(context.cookies, runtime.config);
        return context.redirect(route('signIn', locale), 303);
      }
    }
    return context.redirect(route('account', locale), 303);
  }
  return {
    viewer,
    sessions: await listMemberSessions(db, viewer.member.id),
    needsRenewal: needsRenewal(viewer.member),
    consents: await currentConsents(db, viewer.member.id),
    consentsSaved: context.url.searchParams.get('choices') === 'saved',
    myData: await loadMyDataView(context, viewer),
  };
}

/** Sign-out is a POST (a link preview or prefetch must not sign anyone out). */
export async function handleSignOut(context: AstroGlobal): Promise<Response | null> {
  if (context.request.method !== 'POST') return null;
  const { runtime, viewer, locale } = context.locals;
  if (viewer) await invalidateSession(runtime.database.db, viewer.session.id);
  clearSessionCookie(context.cookies, runtime.config);
  return context.redirect(`/${locale}/`, 303);
}
