/**
 * One of several serving processes (a cluster worker, started by the primary
 * in start.ts): it serves requests only. The primary has checked the data
 * directory, migrated (and for the demo seeded) the database, and runs the
 * background jobs. Only what serving needs is loaded here: every byte counts
 * once per process.
 */
import cluster from 'node:cluster';
import { createLogger } from '../core/log.ts';
import { serveRequests } from './serve-requests.ts';
import { readConfig } from './start-config.ts';

const config = readConfig(process.argv.includes('--demo'));
await serveRequests(config, createLogger(config).child({ worker: cluster.worker?.id }));
