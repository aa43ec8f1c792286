import type { Command } from 'commander';
import { translator, type Locale } from '../../core/i18n/index.ts';
import { checkAndStoreDeliverability } from '../../core/mail/deliverability/from-config.ts';
import { checkTitle, checkWhy, receiverLabel } from '../../core/mail/deliverability/describe.ts';
import { SILENT_QUARANTINE_RISK } from '../../core/mail/deliverability/receiving-organisation.ts';
import { failingChecks, reportPassed } from '../../core/mail/deliverability/report.ts';
import type { Db } from '../../core/db/client.ts';
import { createPostmarkHistory, MailHistoryTrouble, type MailHistory } from '../../core/mail/events/postmark-history.ts';
import { syncMailEvents, SyncWindowError, type SyncProgress } from '../../core/mail/events/sync-mail-events.ts';
import { openRuntime } from '../runtime.ts';

/** What `mail sync` works with; tests open it on a temporary database and the Postmark stand-in. */
export interface MailSyncRuntime {
  db: Db;
  /** Null when no Postmark server token is configured. */
  history: MailHistory | null;
  streams: string[];
}
export type OpenMailSync = <T>(work: (runtime: MailSyncRuntime) => Promise<T>) => Promise<T>;

const openMailSync: OpenMailSync = (work) =>
  openRuntime(({ config, database }) =>
    work({
      db: database.db,
      history: 'postmarkToken' in config.mail ? createPostmarkHistory({ serverToken: config.mail.postmarkToken, ...config.mail.apiHost }) : null,
      streams: 'postmarkToken' in config.mail ? [...new Set([config.mail.stream, config.mail.broadcastStream])] : [],
    }),
  );

/** `mail sync` exit codes: 0 synced, 1 bad options or configuration, 2 Postmark could not be read (nothing marked synced). */
export const SYNC_EXIT = { usage: 1, postmark: 2 } as const;

function isoTime(option: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const time = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) ? new Date(value) : new Date(NaN);
  if (Number.isNaN(time.getTime())) throw new SyncWindowError(`${option} must be an ISO 8601 time such as 2026-11-20T09:00:00Z (got "${value}")`);
  return time;
}

function progressLine(progress: SyncProgress): string {
  return `mail sync: ${progress.stream} · ${progress.bouncesRead} bounces · ${progress.messagesRead} messages read · ${progress.recorded} new events`;
}

const MARK = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', unknown: '????' } as const;

export interface MailCommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Replaces the progress line in a terminal; elsewhere nothing (logs keep only the summary). */
  progress: (line: string) => void;
  exit: (code: number) => void;
}

const processIo: MailCommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  progress: (line) => {
    if (process.stderr.isTTY) process.stderr.write(`\r${line}\x1b[K`);
  },
  exit: (code) => {
    process.exitCode = code;
  },
};

export function registerMail(program: Command, openSync: OpenMailSync = openMailSync, io: MailCommandIo = processIo): void {
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

  mail
    .command('sync')
    .description("read Postmark's Messages and Bounces APIs into the mail events (the same facts as the webhooks, stored once); without --since, continues where the last sync ended")
    .option('--since <time>', 'start of the period (ISO 8601, e.g. 2026-11-20T00:00:00Z); default: the end of the last sync, or 45 days ago')
    .option('--until <time>', 'end of the period (ISO 8601); default: now')
    .action(async (options: { since?: string; until?: string }) => {
      let since: Date | undefined;
      let until: Date | undefined;
      try {
        since = isoTime('--since', options.since);
        until = isoTime('--until', options.until);
      } catch (error) {
        io.err(`passerelle: ${(error as Error).message}`);
        return io.exit(SYNC_EXIT.usage);
      }
      await openSync(async ({ db, history, streams }) => {
        if (!history) {
          io.err('passerelle: mail sync reads Postmark: set POSTMARK_SERVER_TOKEN and MAIL_FROM');
          return io.exit(SYNC_EXIT.usage);
        }
        try {
          const report = await syncMailEvents(db, history, { streams, since, until, onProgress: (progress) => io.progress(progressLine(progress)) });
          io.progress('');
          io.out(`Synced ${report.from.toISOString()} → ${report.to.toISOString()} (${streams.join(', ')}): ${report.messagesRead} messages and ${report.bouncesRead} bounces read, ${report.eventsRead} events, ${report.recorded} new.`);
        } catch (error) {
          io.progress('');
          if (error instanceof SyncWindowError) {
            io.err(`passerelle: ${error.message}`);
            return io.exit(SYNC_EXIT.usage);
          }
          if (error instanceof MailHistoryTrouble) {
            io.err(`passerelle: Postmark could not be read (${error.kind}: ${error.message}). Nothing was marked as synced: run \`mail sync\` again later.`);
            return io.exit(SYNC_EXIT.postmark);
          }
          throw error;
        }
      });
    });
}
