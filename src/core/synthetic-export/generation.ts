/** What a generated export is asked to be, and what it turned out to hold. */

export interface GenerateOptions {
  /** Total messages across all channels, replies included. */
  messages: number;
  /** Default 1; the same options give byte-identical output. */
  seed?: number;
  /** Public channels; default max(4, min(200, round(messages / 25000))). */
  channels?: number;
  /** Default max(8, min(2000, round(messages / 2000))), the bot included. */
  people?: number;
  /** First day (in Los Angeles, as Slack dates day files), default '2019-01-01'. */
  start?: string;
  /** Workspace-wide average per day, default max(20, min(5000, messages / 365 / 2)): about two years. */
  messagesPerDay?: number;
}

export interface GeneratedSummary {
  messages: number;
  threads: number;
  replies: number;
  channels: number;
  people: number;
  days: number;
  files: number;
}
