import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fr from '../core/i18n/fr.json' with { type: 'json' };
import { translator } from '../core/i18n/index.ts';
import { englishWordsIn } from '../../tests/support/english-words.ts';
import { openTempDatabase } from '../../tests/support/temp-database.ts';
import { importMembersCsv } from '../core/accounts/import-members.ts';
import { addMember, linkSlackPerson, MEMBER_PROBLEMS, MemberError, setMemberEnabled } from '../core/accounts/members.ts';
import { people } from '../core/db/schema/archive.ts';
import { importLineText, memberProblemText } from './admin/problem-text.ts';
import { deviceLabel } from './auth/device-label.ts';

const t = translator('fr');

/** Strings that quote the CSV format's own column names and values (email, member), which stay in English. */
const QUOTES_CSV_COLUMNS = new Set(['admin.members.importHelp', 'admin.members.importProblem.email', 'admin.members.importProblem.role']);

describe('French pages speak French', () => {
  it('the detector catches the English that used to reach French pages', () => {
    for (const english of ['Slack person U1 is already linked to another member', 'email: not a valid email address', 'Browser · unknown system']) {
      expect(englishWordsIn(english), english).not.toEqual([]);
    }
    expect(englishWordsIn('Cette personne Slack est déjà liée à un autre membre.')).toEqual([]);
  });

  it('every string of the French dictionary is French', () => {
    const english = Object.entries(fr)
      .filter(([key]) => !QUOTES_CSV_COLUMNS.has(key))
      .flatMap(([key, text]) => englishWordsIn(text).map((word) => `${key}: ${word}`));
    expect(english).toEqual([]);
  });

  it('every refusal about a member is said in French', () => {
    for (const reason of MEMBER_PROBLEMS) {
      const text = memberProblemText(new MemberError(reason, 'English message for the command line'), t);
      expect(englishWordsIn(text), reason).toEqual([]);
      expect(text, reason).not.toMatch(/^admin\.problem\./);
    }
  });

  it('a session from an unknown browser and system is described in French', () => {
    expect(deviceLabel('Browser · unknown system', t)).toBe('Navigateur · système inconnu');
    expect(deviceLabel('Firefox · Linux', t)).toBe('Firefox · Linux');
    expect(deviceLabel(null, t)).toBe('Appareil inconnu');
  });

  describe('server-side validation, through the real functions', () => {
    let database: Awaited<ReturnType<typeof openTempDatabase>>;
    beforeEach(async () => {
      database = await openTempDatabase();
    });
    afterEach(() => database.dispose());

    it('a CSV report in French: bad address, bad role, extra fields', async () => {
      const report = await importMembersCsv(database.db, 'cli', 'email,name,role\nnot-an-address,Ana,member\nbruno@example.org,Bruno,boss\ncarla@example.org,Carla,member,extra\n');
      expect(report.skipped).toHaveLength(3);
      for (const skip of report.skipped) {
        const shown = t('admin.members.importLine', { line: skip.line, reason: importLineText(skip.problem, t) });
        // Column names are the file's own; the sentence around them is French.
        expect(englishWordsIn(shown.replace(/\b(email|role|member|admin)\b/g, '')), shown).toEqual([]);
      }
    });

    it('refusals raised by the member rules are shown in French', async () => {
      await database.db.insert(people).values({ id: 'U01', name: 'ana', realName: 'Ana', displayName: 'Ana' } as typeof people.$inferInsert);
      const ana = await addMember(database.db, 'cli', { email: 'ana@example.org' });
      const bruno = await addMember(database.db, 'cli', { email: 'bruno@example.org' });
      await linkSlackPerson(database.db, 'cli', ana.id, 'U01');
      const refusals = [
        () => linkSlackPerson(database.db, 'cli', bruno.id, 'U01'),
        () => linkSlackPerson(database.db, 'cli', bruno.id, 'U99'),
        () => setMemberEnabled(database.db, { memberId: ana.id }, ana.id, false),
      ];
      for (const refuse of refusals) {
        const error = await refuse().catch((problem: unknown) => problem);
        expect(error).toBeInstanceOf(MemberError);
        expect(englishWordsIn(memberProblemText(error as MemberError, t))).toEqual([]);
      }
    });
  });
});
