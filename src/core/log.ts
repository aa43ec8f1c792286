import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';

export type { Logger };

/**
 * JSON lines in production (one object per event, ready for a log shipper);
 * coloured single lines for people running the demo in a terminal.
 * Paths that can carry secrets are redacted wherever they appear.
 */
export function createLogger(config: Pick<Config, 'log'>): Logger {
  const options = {
    level: config.log.level,
    base: undefined,
    redact: {
      paths: ['token', '*.token', 'code', '*.code', 'cookie', '*.cookie', 'authorization', '*.authorization', 'password', '*.password'],
      censor: '[redacted]',
    },
  };
  if (config.log.format === 'pretty') {
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname', singleLine: true } },
    });
  }
  return pino(options);
}
