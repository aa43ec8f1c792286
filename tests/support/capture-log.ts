import pino from 'pino';
import type { Logger } from '../../src/core/log.ts';

/** A real pino logger writing into memory, so tests can read exactly what an operator's logs would hold. */
export function captureLog(): { log: Logger; output: () => string } {
  const lines: string[] = [];
  const log = pino({ level: 'debug', base: undefined }, { write: (line: string) => lines.push(line) });
  return { log, output: () => lines.join('') };
}
