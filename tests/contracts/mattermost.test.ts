import { afterEach, describe, expect } from 'vitest';
import { createClient4Mattermost } from '../../src/core/mattermost/client4-adapter.ts';
import { startMattermostStandIn, type MattermostStandIn } from '../stand-ins/mattermost.ts';
import { closedLocalUrl } from '../support/closed-port.ts';
import { describeMattermostPort } from './mattermost.contract.ts';

/**
 * The account port's behaviour suite, through the Client4 adapter: against the
 * local stand-in always; against a real Mattermost (a throwaway one: the suite
 * creates accounts, then deactivates them) when its address and a system
 * administrator's or bot's token are set:
 *   MATTERMOST_URL=http://127.0.0.1:8065 MATTERMOST_TOKEN=… MATTERMOST_TEAM=… npx vitest run tests/contracts/mattermost.test.ts
 */

const TOKEN = 'stand-in-mattermost-token';

describe('through Client4, against the local stand-in', () => {
  let standIn: MattermostStandIn | undefined;
  afterEach(() => {
    // A request the documentation would refuse fails the test that sent it.
    expect(standIn?.violations.splice(0) ?? []).toEqual([]);
  });

  describeMattermostPort('stand-in', async () => {
    const started = await startMattermostStandIn({ token: TOKEN });
    standIn = started;
    const adapter = (url: string, token: string) => createClient4Mattermost({ url, token, team: started.teamName, timeoutMs: 1_000 });
    return {
      mattermost: adapter(started.url, TOKEN),
      withBadToken: adapter(started.url, 'not-the-token'),
      unreachable: adapter(await closedLocalUrl(), TOKEN),
      insight: {
        passwordOf: (id) => started.users.get(id)?.password,
        inTeam: (id) => started.teamMembers.has(id),
        sessionsOf: (id) => started.users.get(id)?.sessions ?? 0,
        signIn: (id) => void (started.users.get(id)!.sessions = 3),
      },
      close: () => started.close(),
    };
  });
});

const real = { url: process.env.MATTERMOST_URL, token: process.env.MATTERMOST_TOKEN, team: process.env.MATTERMOST_TEAM };

describe.skipIf(!real.url || !real.token || !real.team)('against a real Mattermost (runs only when MATTERMOST_URL, MATTERMOST_TOKEN and MATTERMOST_TEAM are set)', () => {
  describeMattermostPort('real server', async () => {
    const adapter = (url: string, token: string) => createClient4Mattermost({ url, token, team: real.team!, timeoutMs: 10_000 });
    return {
      mattermost: adapter(real.url!, real.token!),
      withBadToken: adapter(real.url!, 'passerelle-contract-not-a-token'),
      unreachable: adapter(await closedLocalUrl(), real.token!),
    };
  });
});
