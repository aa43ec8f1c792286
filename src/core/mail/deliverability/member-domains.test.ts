import { afterEach, beforeEach, expect, it } from 'vitest';
import { openTempDatabase } from '../../../../tests/support/temp-database.ts';
import { addMember, requireMemberByEmail, setMemberEnabled } from '../../accounts/members.ts';
import { memberAddressDomains } from './member-domains.ts';

let database: Awaited<ReturnType<typeof openTempDatabase>>;
beforeEach(async () => {
  database = await openTempDatabase();
});
afterEach(() => database.dispose());

it('counts members per address domain, largest first, disabled members aside', async () => {
  for (const email of ['a@cegep.test', 'b@CEGEP.test', 'c@gmail.test', 'd@gmail.test', 'e@gmail.test', 'f@asso.test', 'gone@asso.test']) {
    await addMember(database.db, 'cli', { email, locale: 'fr', role: 'member' });
  }
  await setMemberEnabled(database.db, 'cli', (await requireMemberByEmail(database.db, 'gone@asso.test')).id, false);
  expect(await memberAddressDomains(database.db)).toEqual([
    { domain: 'gmail.test', members: 3 },
    { domain: 'cegep.test', members: 2 },
    { domain: 'asso.test', members: 1 },
  ]);
});
