/**
 * The operators' command line: `npm run passerelle -- <command>`.
 * Every command runs the same core code as the web server.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../core/config.ts';
import { ZodError } from 'zod';
import { registerGenerateExport } from './commands/generate-export.ts';
import { registerImport } from './commands/import.ts';
import { registerMattermost } from './commands/mattermost.ts';
import { registerBackup } from './commands/backup.ts';
import { registerCampaign } from './commands/campaign.ts';
import { registerMail } from './commands/mail.ts';
import { registerMembers } from './commands/members.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerReindex } from './commands/reindex.ts';
import { registerRetention } from './commands/retention.ts';

const program = new Command()
  .name('passerelle')
  .description('Passerelle: public site, members-only Slack archive and account renewal for a Mattermost community.')
  .showHelpAfterError()
  .exitOverride();

registerMigrate(program);
registerImport(program);
registerMembers(program);
registerMail(program);
registerGenerateExport(program);
registerReindex(program);
registerMattermost(program);
registerCampaign(program);
registerBackup(program);
registerRetention(program);

/** One clear line per problem; the stack only when asked for (LOG_LEVEL=debug). */
function describeFailure(error: unknown): string[] {
  if (error instanceof ConfigError) return error.problems;
  if (error instanceof ZodError) return error.issues.map((issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`);
  if (error instanceof Error) return [process.env.LOG_LEVEL === 'debug' ? (error.stack ?? error.message) : error.message];
  return [String(error)];
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  for (const line of describeFailure(error)) process.stderr.write(`passerelle: ${line}\n`);
  process.exit(1);
}
