import type { Command } from 'commander';
import { translator, type Locale } from '../../core/i18n/index.ts';
import { checkAndStoreDeliverability } from '../../core/mail/deliverability/from-config.ts';
import { checkTitle, checkWhy, receiverLabel } from '../../core/mail/deliverability/describe.ts';
import { SILENT_QUARANTINE_RISK } from '../../core/mail/deliverability/receiving-organisation.ts';
import { failingChecks, reportPassed } from '../../core/mail/deliverability/report.ts';
import { openRuntime } from '../runtime.ts';

const MARK = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', unknown: '????' } as const;

export function registerMail(program: Command): void {
  const mail = program.command('mail').description('mail delivery tools');

  mail
    .command('check')
    .description("check the sending domain's SPF, DKIM, DMARC, Return-Path and MX (and Postmark, blocklists), group members by who receives their mail, and store the result; exits 1 unless every check passed")
    .option('--locale <locale>', 'fr or en: the language of the report', 'en')
    .action(async (options: { locale: string }) => {
      if (options.locale !== 'fr' && options.locale !== 'en') throw new Error(`--locale must be fr or en (got "${options.locale}")`);
      const t = translator(options.locale as Locale);
      await openRuntime(async ({ config, database }) => {
        const report = await checkAndStoreDeliverability(database.db, config, 'cli');
        const out = (line = '') => process.stdout.write(`${line}\n`);
        out(`${report.domain} — ${report.checkedAt.toISOString()}`);
        for (const check of report.checks) {
          out(`${MARK[check.status]}  ${checkTitle(t, check)} — ${t(`deliverability.status.${check.status}`)}`);
          out(`      ${checkWhy(t, check)}`);
          if (check.found) out(`      ${t('admin.mail.found', { found: check.found })}`);
          if (check.fix) out(`      ${t('admin.mail.fix')}: ${check.fix.host} ${check.fix.type} "${check.fix.value}"`);
        }
        if (report.outOfTime) out(t('admin.mail.outOfTime'));
        out();
        out(t('admin.mail.recipientsTitle'));
        for (const group of report.recipients) {
          const domains = group.domains.map((entry) => `${entry.domain} (${entry.members})`).join(', ');
          out(`  ${String(group.members).padStart(5)}  ${receiverLabel(t, group)}${SILENT_QUARANTINE_RISK.has(group.kind) ? ` [${t('admin.mail.risk')}]` : ''}: ${domains}`);
        }
        out();
        const passed = reportPassed(report);
        out(passed ? t('admin.mail.passed') : t('admin.mail.notPassed', { checks: failingChecks(report).join(', ') }));
        if (!passed) process.exitCode = 1;
      });
    });
}
