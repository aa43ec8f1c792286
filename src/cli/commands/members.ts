import fs from 'node:fs';
import type { Command } from 'commander';
import { addMembersFromSlack, importMembersCsv } from '../../core/accounts/import-members.ts';
import { addMember, listMembers, requireMemberByEmail, setMemberEnabled, setMemberRole } from '../../core/accounts/members.ts';
import { issueOperatorSignInLink } from '../../core/accounts/sign-in.ts';
import { issueOperatorRenewalLink } from '../../core/accounts/renewal-links.ts';
import { openRuntime } from '../runtime.ts';

const OPERATOR = 'cli' as const;

export function registerMembers(program: Command): void {
  const members = program.command('members').description('manage the members who may sign in');

  members
    .command('add')
    .description('add a member (they sign in with a code sent to this address)')
    .argument('<email>')
    .option('--name <name>', 'their name as shown in the portal')
    .option('--locale <locale>', 'fr or en: the language of their emails', 'fr')
    .option('--admin', 'give them the administrator role', false)
    .action(async (email: string, options: { name?: string; locale: string; admin: boolean }) => {
      if (options.locale !== 'fr' && options.locale !== 'en') throw new Error(`--locale must be fr or en (got "${options.locale}")`);
      await openRuntime(async ({ database }) => {
        const member = await addMember(database.db, OPERATOR, { email, name: options.name, locale: options.locale as 'fr' | 'en', role: options.admin ? 'admin' : 'member' });
        process.stdout.write(`Added ${member.email}${member.role === 'admin' ? ' (administrator)' : ''}${member.slackPersonId ? `, linked to Slack person ${member.slackPersonId}` : ''}\n`);
      });
    });

  members
    .command('import')
    .description('add members from a CSV file with a header row: email (required), name, locale, role')
    .argument('<file.csv>')
    .action(async (file: string) => {
      const csv = fs.readFileSync(file, 'utf8');
      await openRuntime(async ({ database }) => {
        const report = await importMembersCsv(database.db, OPERATOR, csv);
        process.stdout.write(`Added ${report.added}, already members ${report.alreadyMembers}, skipped ${report.skipped.length}\n`);
        for (const { line, reason } of report.skipped) process.stdout.write(`  line ${line}: ${reason}\n`);
      });
    });

  members
    .command('from-slack')
    .description('add every person of the imported Slack export who had an email address (bots and deleted accounts excepted)')
    .action(async () => {
      await openRuntime(async ({ database }) => {
        process.stdout.write(`Added ${await addMembersFromSlack(database.db, OPERATOR)} members from the Slack export\n`);
      });
    });

  for (const [name, enabled] of [['disable', false], ['enable', true]] as const) {
    members
      .command(name)
      .description(enabled ? 'let a disabled member sign in again' : 'stop a member from signing in and end their sessions now')
      .argument('<email>')
      .action(async (email: string) => {
        await openRuntime(async ({ database }) => {
          const member = await requireMemberByEmail(database.db, email);
          await setMemberEnabled(database.db, OPERATOR, member.id, enabled);
          process.stdout.write(`${member.email} ${enabled ? 'enabled' : 'disabled; their sessions are ended'}\n`);
        });
      });
  }

  members
    .command('role')
    .description('grant or remove the administrator role')
    .argument('<email>')
    .argument('<role>', 'admin or member')
    .action(async (email: string, role: string) => {
      if (role !== 'admin' && role !== 'member') throw new Error(`role must be admin or member (got "${role}")`);
      await openRuntime(async ({ database }) => {
        const member = await requireMemberByEmail(database.db, email);
        await setMemberRole(database.db, OPERATOR, member.id, role);
        process.stdout.write(`${member.email} is now ${role === 'admin' ? 'an administrator' : 'a member'}\n`);
      });
    });

  members
    .command('list')
    .description('list members')
    .option('--search <text>', 'only addresses or names containing this')
    .action(async (options: { search?: string }) => {
      await openRuntime(async ({ database }) => {
        for (let page = 1; ; page++) {
          const { items, total } = await listMembers(database.db, { page, pageSize: 500, query: options.search });
          for (const member of items) process.stdout.write(`${member.email}\t${member.role}\t${member.status}\t${member.name ?? ''}\n`);
          if (page * 500 >= total) break;
        }
      });
    });

  members
    .command('link')
    .description("print a one-time sign-in link for a member whose mail never arrives, to hand over another way (recorded in the audit log)")
    .argument('<email>')
    .action(async (email: string) => {
      await openRuntime(async ({ signInDeps }) => {
        const { link, expiresAt } = await issueOperatorSignInLink(signInDeps, OPERATOR, email);
        process.stdout.write(`${link}\n`);
        process.stderr.write(`Single use, valid until ${expiresAt.toISOString()}. Hand it over by another channel (phone, Mattermost), not by email.\n`);
      });
    });

  members
    .command('renewal-link')
    .description('print a one-time renewal link for a member, to hand over another way; it replaces their previous one (recorded in the audit log)')
    .argument('<email>')
    .action(async (email: string) => {
      await openRuntime(async ({ database, config }) => {
        const { path, expiresAt } = await issueOperatorRenewalLink(database.db, OPERATOR, email, { days: config.renewalLinkDays });
        process.stdout.write(`${config.publicUrl}${path}\n`);
        process.stderr.write(`Single use, valid until ${expiresAt.toISOString()}. Hand it over by another channel (phone, Mattermost).\n`);
      });
    });
}
