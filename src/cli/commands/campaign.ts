import fs from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { emailsFromCsv, type Audience } from '../../core/campaigns/audience.ts';
import {
  audienceOf,
  CampaignError,
  createCampaign,
  listCampaigns,
  pauseCampaign,
  pausedDomains,
  previewPlan,
  requireCampaign,
  resumeCampaign,
  startCampaign,
  type Campaign,
} from '../../core/campaigns/campaigns.ts';
import { createCampaignServices, type CampaignServices } from '../../core/campaigns/from-config.ts';
import { previewCampaignMail } from '../../core/campaigns/preview.ts';
import { campaignProgress, type StateCounts } from '../../core/campaigns/progress.ts';
import { runCampaignWorker } from '../../core/campaigns/worker.ts';
import type { Config } from '../../core/config.ts';
import type { Db } from '../../core/db/client.ts';
import { MEMBER_STATUSES } from '../../core/db/schema/accounts.ts';
import { openRuntime } from '../runtime.ts';

/** What the campaign commands work with; tests open it on a temporary database and the Postmark stand-in. */
export interface CampaignRuntime {
  config: Config;
  db: Db;
  services: CampaignServices;
}
export type OpenCampaignRuntime = <T>(work: (runtime: CampaignRuntime) => Promise<T>) => Promise<T>;

const openCampaignRuntime: OpenCampaignRuntime = (work) =>
  openRuntime(async ({ config, log, database }) => {
    const services = createCampaignServices(config, database, log);
    try {
      return await work({ config, db: database.db, services });
    } finally {
      services.close();
    }
  });

/** A Markdown file whose first line is the subject and the rest the body. */
export function readMessageFile(file: string): { subject: string; body: string } {
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const newline = text.indexOf('\n');
  const subject = (newline === -1 ? text : text.slice(0, newline)).replace(/^#+\s*/, '').trim();
  const body = newline === -1 ? '' : text.slice(newline + 1).replace(/^\s*\n/, '');
  if (subject === '' || body.trim() === '') throw new CampaignError(`${file}: the first line is the subject, the body follows; one of them is empty`);
  return { subject, body };
}

const list = (value: string) => value.split(',').map((item) => item.trim()).filter(Boolean);

function audienceFrom(options: { status?: string; domain?: string; locale?: string; csv?: string }): Audience {
  const audience: Audience = {};
  if (options.status) {
    const statuses = list(options.status);
    for (const status of statuses) if (!(MEMBER_STATUSES as readonly string[]).includes(status)) throw new CampaignError(`--status: ${status} is not one of ${MEMBER_STATUSES.join(', ')}`);
    audience.statuses = statuses as Audience['statuses'];
  }
  if (options.domain) audience.domains = list(options.domain).map((domain) => domain.toLowerCase());
  if (options.locale) {
    const locales = list(options.locale);
    for (const locale of locales) if (locale !== 'fr' && locale !== 'en') throw new CampaignError(`--locale: ${locale} is not fr or en`);
    audience.locales = locales as Audience['locales'];
  }
  if (options.csv) {
    audience.emails = emailsFromCsv(fs.readFileSync(options.csv, 'utf8'));
    if (audience.emails.length === 0) throw new CampaignError(`${options.csv} holds no address in its first column`);
  }
  return audience;
}

function inZone(date: Date | null, timeZone: string): string {
  if (!date) return '—';
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(date);
}

function countsLine(counts: StateCounts): string {
  return `${counts.total} recipients · queued ${counts.queued} · sending ${counts.sending} · sent ${counts.sent} · delivered ${counts.delivered} · bounced ${counts.bounced} · complained ${counts.complained} · failed ${counts.failed} · skipped ${counts.skipped} · renewed ${counts.renewed}`;
}

export function registerCampaign(program: Command, open: OpenCampaignRuntime = openCampaignRuntime, write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): void {
  const campaign = program.command('campaign').description('renewal campaigns: invite members to renew, warmed up and watched by a breaker');

  campaign
    .command('create')
    .description('create a draft campaign; each message file is Markdown whose first line is the subject; the body must hold {{link}} and may hold {{name}}')
    .requiredOption('--name <name>', 'what administrators call it')
    .requiredOption('--fr <file>', 'the French message (Markdown)')
    .requiredOption('--en <file>', 'the English message (Markdown)')
    .option('--status <statuses>', `audience: member statuses, comma-separated (${MEMBER_STATUSES.join(', ')})`)
    .option('--domain <domains>', 'audience: address domains, comma-separated')
    .option('--locale <locales>', 'audience: fr, en or both')
    .option('--csv <file>', 'audience: addresses in the first column of a CSV (replaces the filters)')
    .option('--first-wave <n>', 'messages on the first day')
    .option('--growth <factor>', 'each day sends this many times the day before')
    .option('--daily-cap <n>', 'never more messages a day')
    .option('--organisation-hourly-cap <n>', 'never more messages an hour to one receiving organisation')
    .option('--reminder-after-days <n>', 'one reminder after this many days, or "none"')
    .action(async (options: Record<string, string | undefined>) => {
      const fr = readMessageFile(options.fr!);
      const en = readMessageFile(options.en!);
      const audience = audienceFrom(options);
      await open(async ({ db, services }) => {
        const created = await createCampaign(db, 'cli', {
          name: options.name!,
          stream: services.stream,
          audience,
          subjectFr: fr.subject,
          bodyFr: fr.body,
          subjectEn: en.subject,
          bodyEn: en.body,
          ...(options.firstWave === undefined ? {} : { firstWave: Number(options.firstWave) }),
          ...(options.growth === undefined ? {} : { growth: Number(options.growth) }),
          ...(options.dailyCap === undefined ? {} : { dailyCap: Number(options.dailyCap) }),
          ...(options.organisationHourlyCap === undefined ? {} : { organisationHourlyCap: Number(options.organisationHourlyCap) }),
          ...(options.reminderAfterDays === undefined ? {} : { reminderAfterDays: options.reminderAfterDays === 'none' ? null : Number(options.reminderAfterDays) }),
        });
        write(`created ${created.id} (draft): preview with \`campaign preview ${created.id}\`, then \`campaign start ${created.id}\``);
      });
    });

  campaign
    .command('preview <id>')
    .description('show both messages as a member would read them (with a stand-in link: no live link is made) and the schedule a start would make now')
    .option('--html', 'print the HTML parts too')
    .action(async (id: string, options: { html?: boolean }) => {
      await open(async ({ config, db, services }) => {
        const found = await requireCampaign(db, id);
        for (const locale of ['fr', 'en'] as const) {
          const mail = previewCampaignMail(found, locale, config);
          write(`── ${locale.toUpperCase()} ── ${mail.subject}`);
          write(mail.text);
          if (options.html) write(mail.html);
        }
        await writeSchedule(db, services, found, config.timeZone, write);
      });
    });

  campaign
    .command('start <id>')
    .description('write the plan and start sending (the worker sends: the server, or `campaign run`); refuses while the deliverability check fails')
    .option('--override <reason>', 'start although the deliverability check fails: the reason is audited')
    .action(async (id: string, options: { override?: string }) => {
      await open(async ({ db, services }) => {
        const { recipients } = await startCampaign({ db, verdict: services.verdict, organisationOf: services.organisationOf }, 'cli', id, { override: options.override });
        write(`started ${id}: ${recipients} recipients planned${services.provider ? '' : ' (mail stays in the outbox: configure Postmark, nothing is sent until then)'}`);
      });
    });

  campaign
    .command('pause <id>')
    .description('stop sending at once (audited)')
    .requiredOption('--reason <reason>', 'why, for the audit log')
    .action(async (id: string, options: { reason: string }) => {
      await open(async ({ db }) => {
        if (!(await pauseCampaign(db, 'cli', id, options.reason))) throw new CampaignError(`the campaign ${id} is not running`);
        write(`paused ${id}`);
      });
    });

  campaign
    .command('resume <id>')
    .description('resume a paused campaign (audited); the rest of the plan moves by the length of the pause')
    .option('--reason <reason>', 'why it may go on, for the audit log')
    .action(async (id: string, options: { reason?: string }) => {
      await open(async ({ db }) => {
        await resumeCampaign(db, 'cli', id, new Date(), { reason: options.reason });
        write(`resumed ${id}`);
      });
    });

  campaign
    .command('status [id]')
    .description('every campaign, or one campaign per wave and per receiving organisation')
    .action(async (id: string | undefined) => {
      await open(async ({ config, db }) => {
        if (!id) {
          for (const entry of await listCampaigns(db)) {
            const progress = await campaignProgress(db, entry.id);
            write(`${entry.id}  ${entry.status.padEnd(9)} ${entry.name} — ${countsLine(progress.total)}`);
          }
          return;
        }
        const found = await requireCampaign(db, id);
        const progress = await campaignProgress(db, id);
        write(`${found.name} (${found.status})${found.pausedReason ? ` — paused: ${found.pausedReason}` : ''}`);
        if (found.deliverabilityOverride) write(`started despite the deliverability check: ${found.deliverabilityOverride}`);
        write(`total      ${countsLine(progress.total)}`);
        write(`next due   ${inZone(progress.nextAt, config.timeZone)} · last planned ${inZone(progress.lastAt, config.timeZone)} (${config.timeZone})`);
        for (const wave of progress.waves) write(`wave ${String(wave.wave).padStart(3)}   ${countsLine(wave)}`);
        if (progress.reminders.total > 0) write(`reminders  ${countsLine(progress.reminders)}`);
        for (const organisation of progress.organisations.slice(0, 20)) write(`  ${organisation.organisation.padEnd(32)} ${countsLine(organisation)}`);
        for (const paused of await pausedDomains(db, id)) write(`domain paused: ${paused.domain} — ${paused.reason}`);
      });
    });

  campaign
    .command('run')
    .description('send what is due, for operators without the web server; one sender at a time (a lease in the database)')
    .option('--once', 'stop once nothing more is due now (a later wave waits for a later run)')
    .option('--until-idle', 'stop once every running campaign has sent everything (waits for later waves)')
    .option('--interval <seconds>', 'pause between rounds when nothing is due', '30')
    .action(async (options: { once?: boolean; untilIdle?: boolean; interval: string }) => {
      await open(async ({ db, services }) => {
        const deps = services.workerDeps();
        if (!deps) throw new CampaignError('Postmark is not configured (POSTMARK_SERVER_TOKEN and MAIL_FROM): campaigns are never sent from the outbox');
        const bar = progressLine();
        let handed = 0;
        const run = runCampaignWorker(deps, {
          intervalMs: Math.max(1, Number(options.interval)) * 1000,
          untilIdle: options.untilIdle,
          onTick: (report) => {
            handed += report.handed;
            if (options.once && report.leader && report.handed === 0 && report.backoffMs === 0) void run.stop();
            void progressTotals(db).then((totals) => bar.update(totals, handed, report.leader));
          },
        });
        const stop = () => void run.stop();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        try {
          await run.finished;
        } finally {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          bar.update(await progressTotals(db), handed, true);
          bar.stop();
        }
        write(`handed ${handed} messages to Postmark`);
      });
    });
}

async function writeSchedule(db: Db, services: CampaignServices, found: Campaign, timeZone: string, write: (line: string) => void): Promise<void> {
  if (found.status !== 'draft') return;
  const placed = await previewPlan(db, found, services.organisationOf);
  const days = new Map<string, { count: number; first: Date; last: Date }>();
  for (const { scheduledAt } of placed) {
    const day = inZone(scheduledAt, timeZone).slice(0, 10);
    const entry = days.get(day);
    if (!entry) days.set(day, { count: 1, first: scheduledAt, last: scheduledAt });
    else {
      entry.count++;
      if (scheduledAt > entry.last) entry.last = scheduledAt;
    }
  }
  const audience = audienceOf(found);
  write(`── schedule (${timeZone}) ── ${placed.length} recipients${audience.emails ? ` from a list of ${audience.emails.length} addresses` : ''}`);
  for (const [day, entry] of days) write(`${day}  ${String(entry.count).padStart(6)} messages  ${inZone(entry.first, timeZone).slice(11)}–${inZone(entry.last, timeZone).slice(11)}`);
  if (placed.length > 0) write(`the last member is invited on ${inZone(placed.at(-1)!.scheduledAt, timeZone).slice(0, 10)}`);
}

/** Queued and sent across running campaigns: what the progress line shows. */
async function progressTotals(db: Db): Promise<{ done: number; total: number }> {
  let done = 0;
  let total = 0;
  for (const entry of await listCampaigns(db)) {
    if (entry.status !== 'running') continue;
    const { total: counts } = await campaignProgress(db, entry.id);
    total += counts.total;
    done += counts.total - counts.queued - counts.sending;
  }
  return { done, total };
}

function progressLine(): { update(totals: { done: number; total: number }, handed: number, leader: boolean): void; stop(): void } {
  if (!process.stderr.isTTY) {
    let last = 0;
    return {
      update({ done, total }, handed, leader) {
        if (Date.now() - last < 5000) return;
        last = Date.now();
        process.stderr.write(`campaign: ${done}/${total} settled, ${handed} handed to Postmark${leader ? '' : ' (another process holds the sender lease)'}\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: 'campaigns |{bar}| {value}/{total} settled · {handed} handed to Postmark · {who}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, { handed: 0, who: '' });
  return {
    update({ done, total }, handed, leader) {
      bar.setTotal(Math.max(total, 1));
      bar.update(done, { handed, who: leader ? 'sending' : 'waiting for the lease' });
    },
    stop: () => bar.stop(),
  };
}
