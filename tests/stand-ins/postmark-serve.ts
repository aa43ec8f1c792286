/**
 * The Postmark stand-in as a process, for the campaign bench (its own process,
 * as Postmark would be) and the browser tests' mail server: `node tests/stand-ins/postmark-serve.ts <token> [port]`.
 * Prints {"host": "127.0.0.1:PORT"} once listening; on SIGTERM prints
 * {"accepted": n, "violations": [...]} and exits.
 */
import { startPostmarkStandIn } from './postmark.ts';

const token = process.argv[2];
if (!token) throw new Error('usage: node tests/stand-ins/postmark-serve.ts <token> [port]');
const standIn = await startPostmarkStandIn({ token, ...(process.argv[3] ? { port: Number(process.argv[3]) } : {}) });
process.stdout.write(`${JSON.stringify({ host: standIn.host })}\n`);
process.once('SIGTERM', () => {
  const accepted = standIn.accepted.length;
  const distinct = new Set(standIn.accepted.map((message) => `${message.metadata.member_id}:${message.metadata.step}`)).size;
  void standIn.close().then(() => {
    process.stdout.write(`${JSON.stringify({ accepted, distinct, violations: standIn.violations })}\n`);
    process.exit(0);
  });
});
