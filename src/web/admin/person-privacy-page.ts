import type { AstroGlobal } from 'astro';
import { eq, like, or, sql } from 'drizzle-orm';
import { z } from 'astro/zod';
import { ArchivePrivacyError, readNameLevel, setNameLevel, setPseudonymiseDefault } from '../../core/archive/name-levels.ts';
import { isPseudonymiseDefaultOn, pseudonymisedAmong } from '../../core/archive/pseudonyms.ts';
import { people } from '../../core/db/schema/archive.ts';
import { members } from '../../core/db/schema/accounts.ts';
import { readForm, requireAdmin } from '../auth/guards.ts';

export const adminPeoplePath = (locale: string) => `/${locale}/admin/people`;
export const adminPersonPath = (locale: string, personId: string) => `/${locale}/admin/people/${encodeURIComponent(personId)}`;

/** The list page: the community's default, and finding a person of the archive by name, handle or id. */
export async function handleAdminPeople(context: AstroGlobal) {
  const admin = await requireAdmin(context);
  if (admin instanceof Response) return admin;
  const { runtime, locale } = context.locals;
  const db = runtime.database.db;
  if (context.request.method === 'POST') {
    const form = await readForm(context.request);
    if (form.intent === 'pseudonymise-default') {
      await setPseudonymiseDefault({ db, search: runtime.search, log: runtime.log }, { memberId: admin.member.id }, form.value === 'on');
    }
    return context.redirect(adminPeoplePath(locale), 303);
  }
  const q = (context.url.searchParams.get('q') ?? '').trim().slice(0, 100);
  const pattern = `%${q.replace(/[%_\\]/g, (char) => `\\${char}`)}%`;
  const found = q
    ? await db
        .select({ id: people.id, handle: people.handle, displayName: people.displayName, realName: people.realName })
        .from(people)
        .where(or(eq(people.id, q.toUpperCase()), like(people.handle, pattern), like(people.displayName, pattern), like(people.realName, pattern)))
        .limit(30)
    : [];
  return { defaultOn: await isPseudonymiseDefaultOn(db), q, found };
}

const levelForm = z.object({
  level: z.enum(['pseudonymised', 'named', 'default']),
  requestedAt: z.iso.date(),
  reason: z.string().trim().min(1).max(2000),
});

/**
 * One person of the archive, for an administrator acting on that person's request
 * (someone who never had an account, or left): pseudonymise, keep named, or back to
 * the default; every change audited with the request's date and reason.
 */
export async function handleAdminPerson(context: AstroGlobal) {
  const admin = await requireAdmin(context);
  if (admin instanceof Response) return admin;
  const { runtime, locale } = context.locals;
  const db = runtime.database.db;
  const personId = context.params.personId ?? '';
  const [person] = await db.select().from(people).where(eq(people.id, personId)).limit(1);
  if (!person) return context.rewrite('/404');
  let error: 'invalid' | null = null;
  if (context.request.method === 'POST') {
    const parsed = levelForm.safeParse(await readForm(context.request));
    if (parsed.success) {
      const { level, requestedAt, reason } = parsed.data;
      const [member] = await db.select({ id: members.id }).from(members).where(eq(members.slackPersonId, person.id));
      try {
        await setNameLevel(
          { db, search: runtime.search, log: runtime.log },
          { memberId: admin.member.id },
          person.id,
          { level: level === 'default' ? null : level, source: 'admin', requestedAt: new Date(`${requestedAt}T12:00:00Z`), reason },
          member?.id ?? null,
        );
        return context.redirect(`${adminPersonPath(locale, person.id)}?saved=1`, 303);
      } catch (caught) {
        if (!(caught instanceof ArchivePrivacyError)) throw caught;
      }
    }
    error = 'invalid';
  }
  const [linked] = await db.select({ value: sql<number>`count(*)` }).from(members).where(eq(members.slackPersonId, person.id));
  return {
    person,
    hasAccount: Number(linked?.value ?? 0) > 0,
    level: await readNameLevel(db, person.id),
    pseudonymised: (await pseudonymisedAmong(db, [person.id])).has(person.id),
    saved: context.url.searchParams.get('saved') === '1',
    error,
  };
}
