import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { members } from '../db/schema/accounts.ts';
import { consentRegister, memberConsents } from '../db/schema/renewal.ts';
import type { Locale } from '../i18n/index.ts';
import { csvField } from '../text/csv-field.ts';

/**
 * What members are asked to consent to, one purpose at a time (Québec's Law 25:
 * consent per purpose, never pre-ticked, withdrawable). Changing a wording means
 * raising its version: the register keeps which version each choice answered.
 *
 * Members who never answered (they have not renewed) keep the archive as the
 * community knew it in Slack: their name on their messages and their messages
 * in search, which is what those same members saw there. Their first answer,
 * on the renewal form, replaces that, and every box starts unticked.
 */
export interface ConsentPurpose {
  id: ConsentPurposeId;
  version: number;
  /** The service cannot work without it: shown as given, not a choice. */
  required: boolean;
  label: Record<Locale, string>;
  help: Record<Locale, string>;
}

export const CONSENT_PURPOSE_IDS = ['account-mail', 'show-name', 'include-in-search', 'community-news'] as const;
export type ConsentPurposeId = (typeof CONSENT_PURPOSE_IDS)[number];

export const CONSENT_PURPOSES: readonly ConsentPurpose[] = [
  {
    id: 'account-mail',
    version: 1,
    required: true,
    label: {
      fr: 'Recevoir les courriels nécessaires à mon compte',
      en: 'Receive the emails my account needs',
    },
    help: {
      fr: 'Codes de connexion, renouvellement et changements à votre compte. Sans eux, vous ne pourriez pas vous connecter.',
      en: 'Sign-in codes, renewal and changes to your account. Without them you could not sign in.',
    },
  },
  {
    id: 'show-name',
    version: 1,
    required: false,
    label: {
      fr: 'Afficher mon nom sur mes messages archivés',
      en: 'Show my name on my archived messages',
    },
    help: {
      fr: 'Sinon, les membres voient seulement vos initiales.',
      en: 'Otherwise members see only your initials.',
    },
  },
  {
    id: 'include-in-search',
    version: 1,
    required: false,
    label: {
      fr: 'Inclure mes messages dans la recherche',
      en: 'Include my messages in search',
    },
    help: {
      fr: 'Sinon, vos messages restent lisibles dans leurs canaux, mais la recherche ne les trouve pas.',
      en: 'Otherwise your messages stay readable in their channels, but search does not find them.',
    },
  },
  {
    id: 'community-news',
    version: 1,
    required: false,
    label: {
      fr: 'Recevoir les nouvelles de la communauté par courriel',
      en: 'Receive community news by email',
    },
    help: {
      fr: 'Quelques messages par année, au plus. Vous pouvez vous désabonner en tout temps.',
      en: 'A few messages a year at most. You can unsubscribe at any time.',
    },
  },
];

export function isConsentPurposeId(value: unknown): value is ConsentPurposeId {
  return typeof value === 'string' && (CONSENT_PURPOSE_IDS as readonly string[]).includes(value);
}

export function consentPurpose(id: ConsentPurposeId): ConsentPurpose {
  return CONSENT_PURPOSES.find((purpose) => purpose.id === id)!;
}

/** A member's answers: purpose → granted. Purposes the service needs are always granted, whatever a form says. */
export type ConsentChoices = Record<ConsentPurposeId, boolean>;

/** What a member who has never answered is offered: every choice off, the needed ones on. */
export function defaultChoices(): ConsentChoices {
  return Object.fromEntries(CONSENT_PURPOSES.map((purpose) => [purpose.id, purpose.required])) as ConsentChoices;
}

export type CurrentConsents = Partial<Record<ConsentPurposeId, { granted: boolean; version: number; at: Date }>>;

export async function currentConsents(db: Db, memberId: string): Promise<CurrentConsents> {
  const rows = await db.select().from(memberConsents).where(eq(memberConsents.memberId, memberId));
  const current: CurrentConsents = {};
  for (const row of rows) if (isConsentPurposeId(row.purpose)) current[row.purpose] = { granted: row.granted, version: row.version, at: row.at };
  return current;
}

/** Records each answer that differs from the member's current one (or is their first); returns the purposes that changed. */
export async function recordConsents(
  db: Db,
  memberId: string,
  choices: Partial<ConsentChoices>,
  source: 'renewal' | 'account',
  now = new Date(),
): Promise<ConsentPurposeId[]> {
  const current = await currentConsents(db, memberId);
  const changed: ConsentPurposeId[] = [];
  const statements = [];
  for (const purpose of CONSENT_PURPOSES) {
    const asked = choices[purpose.id];
    if (asked === undefined) continue;
    const granted = purpose.required || asked;
    const before = current[purpose.id];
    if (before && before.granted === granted && before.version === purpose.version) continue;
    changed.push(purpose.id);
    const row = { memberId, purpose: purpose.id, granted, version: purpose.version, at: now };
    statements.push(db.insert(consentRegister).values({ ...row, source }));
    statements.push(
      db
        .insert(memberConsents)
        .values(row)
        .onConflictDoUpdate({ target: [memberConsents.memberId, memberConsents.purpose], set: { granted, version: purpose.version, at: now } }),
    );
  }
  // The register and the current choices move together or not at all.
  if (statements.length > 0) await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
  return changed;
}

/** Slack people (archive authors) whose member declined a purpose; members who never answered are not among them. */
export async function peopleWhoDeclined(db: Db, purpose: ConsentPurposeId, personIds?: readonly string[]): Promise<Set<string>> {
  if (personIds && personIds.length === 0) return new Set();
  const rows = await db
    .select({ personId: members.slackPersonId })
    .from(memberConsents)
    .innerJoin(members, eq(members.id, memberConsents.memberId))
    .where(
      and(
        eq(memberConsents.purpose, purpose),
        eq(memberConsents.granted, false),
        isNotNull(members.slackPersonId),
        personIds ? inArray(members.slackPersonId, [...personIds]) : undefined,
      ),
    );
  return new Set(rows.map((row) => row.personId!));
}

/**
 * The Slack authors whose messages search leaves out, as SQL both engines' document
 * queries use (a subquery evaluated once per statement, not once per message).
 */
export const AUTHORS_OUT_OF_SEARCH_SQL = `SELECT mb.slack_person_id FROM member_consents AS mc JOIN members AS mb ON mb.id = mc.member_id
  WHERE mc.purpose = 'include-in-search' AND mc.granted = 0 AND mb.slack_person_id IS NOT NULL`;

/** The whole register, oldest first, as CSV for administrators: who chose what, when, answering which wording. */
export async function exportConsentRegisterCsv(db: Db): Promise<string> {
  const rows = await db
    .select({
      at: consentRegister.at,
      email: members.email,
      memberId: consentRegister.memberId,
      purpose: consentRegister.purpose,
      granted: consentRegister.granted,
      version: consentRegister.version,
      source: consentRegister.source,
    })
    .from(consentRegister)
    .leftJoin(members, eq(members.id, consentRegister.memberId))
    .orderBy(asc(consentRegister.id));
  const lines = ['at,member_id,email,purpose,granted,version,source'];
  for (const row of rows) {
    lines.push([row.at.toISOString(), row.memberId, row.email ?? '', row.purpose, row.granted ? 'yes' : 'no', String(row.version), row.source].map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** How many members answered at least once: shown beside the export. */
export async function countMembersWithConsents(db: Db): Promise<number> {
  const [row] = await db.select({ value: sql<number>`count(DISTINCT ${memberConsents.memberId})` }).from(memberConsents);
  return Number(row?.value ?? 0);
}
