import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { people } from '../db/schema/archive.ts';
import { openTempDatabase } from '../../../tests/support/temp-database.ts';
import { addMember, linkSlackPerson } from './members.ts';
import { searchSlackPeople } from './slack-people-search.ts';

describe('finding the Slack person to link a member to', () => {
  let database: Awaited<ReturnType<typeof openTempDatabase>>;
  beforeEach(async () => {
    database = await openTempDatabase();
    await database.db.insert(people).values([
      { id: 'U01', handle: 'elise', realName: 'Élise Côté', displayName: 'elise.c', email: 'elise@old.example' },
      { id: 'U02', handle: 'bruno', realName: 'Bruno Tremblay', displayName: 'bruno_t', email: 'bt@old.example' },
      { id: 'U03', handle: 'bot', realName: 'Élise Bot', displayName: 'elisebot', email: null, isBot: true },
      { id: 'U04', handle: 'a_b', realName: 'Ab Cd', displayName: 'axb', email: null },
    ]);
  });
  afterEach(() => database.dispose());

  it('matches names, display names and addresses, without bots, and says who is already linked', async () => {
    const ana = await addMember(database.db, 'cli', { email: 'ana@example.org' });
    await linkSlackPerson(database.db, 'cli', ana.id, 'U02');
    expect((await searchSlackPeople(database.db, 'ÉLISE')).map((person) => person.id)).toEqual(['U01']);
    expect((await searchSlackPeople(database.db, 'cote')).map((person) => person.id)).toEqual(['U01']);
    expect((await searchSlackPeople(database.db, 'old.example')).map((person) => [person.id, person.linkedMemberId])).toEqual([
      ['U02', ana.id],
      ['U01', null],
    ]);
    expect((await searchSlackPeople(database.db, 'bruno_')).map((person) => person.id)).toEqual(['U02']);
  });

  it('treats LIKE wildcards as text and an empty query as no search', async () => {
    expect((await searchSlackPeople(database.db, 'a_b')).map((person) => person.id)).toEqual(['U04']);
    expect(await searchSlackPeople(database.db, '%')).toEqual([]);
    expect(await searchSlackPeople(database.db, '  ')).toEqual([]);
  });
});
