import { channelHistory, type HistoryTally } from './channel-history.ts';
import { dailyVolumes } from './daily-volumes.ts';
import type { ExportSettings } from './export-settings.ts';
import type { ExportSink } from './export-sink.ts';
import { openFolderSink } from './folder-sink.ts';
import type { GeneratedSummary } from './generation.ts';
import { pacificDays } from './pacific-days.ts';
import { createRandom } from './seeded-random.ts';
import { slackJson } from './slack-json.ts';
import { createWorkspace, workspaceForChannel, type ExistingChannel } from './workspace.ts';
import { openZipFileWriter } from './zip-file-writer.ts';

/** One export to write: a zip or a folder, possibly a single channel's day files. */
export interface ExportJob {
  format: 'zip' | 'folder';
  path: string;
  settings: ExportSettings;
  onlyChannel?: ExistingChannel;
}

/** The day after the last exported day, when Slack would have made the export: every zip entry's date. */
function exportedAt(settings: ExportSettings): Date {
  return new Date(Date.parse(`${settings.start}T00:00:00Z`) + settings.dayCount * 86_400_000);
}

async function writeFiles(sink: ExportSink, settings: ExportSettings, onlyChannel: ExistingChannel | undefined): Promise<GeneratedSummary> {
  const random = createRandom(settings.seed);
  const days = pacificDays(settings.start, settings.dayCount);
  const createdBefore = Math.floor((days[0]?.startMs ?? 0) / 1000);
  const workspace =
    onlyChannel === undefined
      ? createWorkspace(random, { people: settings.people, channels: settings.channels, createdBefore, dayCount: days.length })
      : workspaceForChannel(random, onlyChannel, days.length);
  if (onlyChannel === undefined) {
    const lists = {
      'channels.json': workspace.publicChannels,
      'users.json': workspace.users,
      'groups.json': workspace.privateChannels,
      'dms.json': [],
      'mpims.json': [],
      'integration_logs.json': [],
    };
    for (const [path, list] of Object.entries(lists)) await sink.add(path, Buffer.from(slackJson(list)));
  }
  const tally: HistoryTally = { messages: 0, threads: 0, replies: 0, files: 0 };
  const history = channelHistory(
    {
      days,
      volumes: dailyVolumes(
        random,
        days.map((day) => day.date),
        settings.messages,
      ),
      channels: workspace.plans,
      workspace: { teamId: workspace.teamId, workspaceDomain: workspace.workspaceDomain, channels: workspace.channelReferences },
      bot: workspace.bot,
    },
    random,
    tally,
  );
  for (const file of history) await sink.add(`${file.channel.name}/${file.date}.json`, Buffer.from(slackJson(file.messages)));
  return { ...tally, channels: workspace.plans.length, people: workspace.peopleCount, days: days.length };
}

export async function writeExport(job: ExportJob): Promise<GeneratedSummary> {
  const sink = job.format === 'zip' ? await openZipFileWriter(job.path, exportedAt(job.settings)) : await openFolderSink(job.path);
  try {
    const summary = await writeFiles(sink, job.settings, job.onlyChannel);
    await sink.close();
    return summary;
  } catch (error) {
    await sink.abort();
    throw error;
  }
}
