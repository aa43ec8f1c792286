/**
 * The DNS stand-in as a process, for the browser tests' server (DNS_SERVERS):
 * `node tests/stand-ins/dns-serve.ts <port>`. It serves the demo's domains:
 * example.org set up for Postmark (DMARC reports missing), example.com received by Microsoft 365,
 * example.net by Google, plus the unit tests' zones.
 */
import { DELIVERABILITY_ZONES, sendingDomain } from '../support/deliverability-zones.ts';
import { startDnsStandIn } from './dns.ts';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) throw new Error('usage: node tests/stand-ins/dns-serve.ts <port>');
const dns = await startDnsStandIn(
  {
    ...DELIVERABILITY_ZONES,
    // Monitoring-only DMARC without reports: a warning, and a record to copy.
    ...sendingDomain('example.org', { dmarc: [{ type: 'TXT', data: 'v=DMARC1; p=none' }] }),
    'example.com': [{ type: 'MX', data: { preference: 0, exchange: 'example-com.mail.protection.outlook.com' } }],
    'example.net': [{ type: 'MX', data: { preference: 5, exchange: 'aspmx.l.google.com' } }],
  },
  { port },
);
process.stdout.write(`DNS stand-in on ${dns.server}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void dns.close().then(() => process.exit(0)));
