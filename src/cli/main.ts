/**
 * The operators' command line: `npm run passerelle -- <command>`.
 * Every command runs the same core code as the web server.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../core/config.ts';
import { DataDirError } from '../core/data-dir.ts';
import { ImportRefusedError } from '../core/slack-import/errors.ts';
import { registerImport } from './commands/import.ts';
import { registerMigrate } from './commands/migrate.ts';

const program = new Command()
  .name('passerelle')
  .description('Passerelle: public site, members-only Slack archive and account renewal for a Mattermost community.')
  .showHelpAfterError()
  .exitOverride();

registerMigrate(program);
registerImport(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof ConfigError) {
    for (const problem of error.problems) process.stderr.write(`passerelle: ${problem}\n`);
  } else if (error instanceof DataDirError || error instanceof ImportRefusedError) {
    process.stderr.write(`passerelle: ${error.message}\n`);
  } else {
    process.stderr.write(`passerelle: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
}
