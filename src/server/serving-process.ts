/**
 * One of several serving processes (2, 3…), started by the first one
 * (start.ts, see serving-processes.ts): it serves requests only. The first
 * has checked the data directory, migrated (and for the demo seeded) the
 * database, and runs the background jobs. Only what serving needs is loaded
 * here: every byte counts once per process.
 */
import { createLogger } from '../core/log.ts';
import { serveRequests } from './serve-requests.ts';
import { readConfig } from './start-config.ts';

const config = readConfig(process.argv.includes('--demo'));
const number = Number(process.env.PASSERELLE_SERVING_NUMBER);
const log = createLogger(config).child({ worker: number });
// The first process ended, even by kill -9: this one finishes its requests and ends too, freeing the port for a restart.
process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
await serveRequests(config, log, { number, of: config.workers });
