import { ConfigError, loadConfig, type Config } from '../core/config.ts';

/** A refusal to start: one line on stderr, naming what to change. */
export function fail(message: string): never {
  process.stderr.write(`passerelle: ${message}\n`);
  process.exit(1);
}

/** The configuration from the environment, or the process ends with the problems listed. */
export function readConfig(demo: boolean): Config {
  try {
    return loadConfig(process.env, { demo });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.problems.join('\n            '));
    throw error;
  }
}
