/**
 * The Mattermost stand-in as a process of its own, for browser tests that run
 * the portal against it (Playwright's webServer list):
 *   node tests/stand-ins/mattermost-server.ts --port 8065 [--token T] [--team collectif]
 * Point the portal at it with MATTERMOST_URL=http://127.0.0.1:8065, MATTERMOST_TEAM and
 * MATTERMOST_TOKEN. A test drives it through POST /__stand-in/fail-next
 * {"failure":"server-error","path":"^/api/v4/users","times":1}, POST /__stand-in/users
 * {"email":…,"username":…,"delete_at":…}, POST /__stand-in/password-check {"email":…,"password":…}
 * and GET /__stand-in/state.
 */
import { parseArgs } from 'node:util';
import { startMattermostStandIn } from './mattermost.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8065' },
    token: { type: 'string', default: 'stand-in-mattermost-token' },
    team: { type: 'string', default: 'collectif' },
  },
});

const standIn = await startMattermostStandIn({ token: values.token, teamName: values.team, port: Number(values.port), control: true });
process.stdout.write(`Mattermost stand-in listening on ${standIn.url} (team ${values.team})\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void standIn.close().then(() => process.exit(0)));
}
