/**
 * The files of a member's data download, described once: the zip writes each
 * file's rows in this column order, as JSON and as CSV, and `schema.json`
 * (in the zip, and in the README) is generated from the same descriptions.
 */
export interface DataFile {
  /** The name without extension: `messages` → messages.json and messages.csv. */
  name: string;
  description: string;
  columns: readonly { name: string; description: string }[];
}

const at = (what: string) => ({ name: 'at', description: `${what} (ISO 8601, UTC)` });

export const DATA_FILES = [
  {
    name: 'profile',
    description: 'Your account as Passerelle keeps it (one row).',
    columns: [
      { name: 'member_id', description: 'Your account id' },
      { name: 'email', description: 'Your address' },
      { name: 'name', description: 'Your name' },
      { name: 'locale', description: 'Language of the pages and emails (fr or en)' },
      { name: 'time_zone', description: 'Time zone dates are shown in (empty: the community’s)' },
      { name: 'role', description: 'member or admin' },
      { name: 'status', description: 'invited, active or disabled' },
      { name: 'slack_person_id', description: 'Your Slack identity in the archive (empty if none)' },
      { name: 'slack_display_name', description: 'Your name in the Slack archive' },
      { name: 'name_in_archive', description: 'How the archive names you: name, initials or pseudonymised' },
      { name: 'created_at', description: 'When the account was created' },
      { name: 'last_sign_in_at', description: 'Your last sign-in' },
      { name: 'renewed_at', description: 'When you renewed your access' },
    ],
  },
  {
    name: 'consents',
    description: 'Every answer you gave, oldest first, with the version of the wording you answered.',
    columns: [
      at('When you answered'),
      { name: 'purpose', description: 'account-mail, show-name, include-in-search or community-news' },
      { name: 'granted', description: 'yes or no' },
      { name: 'version', description: 'Version of the wording shown' },
      { name: 'source', description: 'Where you answered: renewal or account' },
    ],
  },
  {
    name: 'sessions',
    description: 'Devices signed in to your account now.',
    columns: [
      { name: 'created_at', description: 'Sign-in' },
      { name: 'last_used_at', description: 'Last use' },
      { name: 'expires_at', description: 'End, unless used again' },
      { name: 'device', description: 'Browser and system (no IP address is kept)' },
    ],
  },
  {
    name: 'sign-ins',
    description: 'Sign-in codes and links issued for your account (never the codes themselves).',
    columns: [
      { name: 'created_at', description: 'Issued' },
      { name: 'expires_at', description: 'Expiry' },
      { name: 'used_at', description: 'Used (empty: never)' },
      { name: 'origin', description: 'email, or handed over by an operator' },
    ],
  },
  {
    name: 'mails',
    description: 'Emails sent to you: what (template and subject), when, and their delivery status. Bodies are not kept.',
    columns: [
      { name: 'created_at', description: 'Written' },
      { name: 'template', description: 'Which email' },
      { name: 'subject', description: 'Subject' },
      { name: 'status', description: 'sending, sent, held or failed' },
      { name: 'sent_at', description: 'Handed to the mail service' },
      { name: 'delivery', description: 'Delivery events reported by the mail service (kind at date; …)' },
    ],
  },
  {
    name: 'audit',
    description: 'Entries of the audit log about you or made by you.',
    columns: [
      at('When'),
      { name: 'by', description: 'you, an administrator, the command line or Passerelle itself' },
      { name: 'action', description: 'What was done' },
      { name: 'details', description: 'Specifics (JSON)' },
    ],
  },
  {
    name: 'messages',
    description: 'The archive messages you wrote, oldest first.',
    columns: [
      at('Posted'),
      { name: 'channel', description: 'Channel name (or direct message)' },
      { name: 'channel_id', description: 'Slack channel id' },
      { name: 'ts', description: 'Slack message id' },
      { name: 'thread_ts', description: 'Thread it belongs to (empty: none)' },
      { name: 'text', description: 'Text as the archive shows it' },
      { name: 'hidden', description: 'yes if you hid it from the archive' },
      { name: 'permalink', description: 'Link to the message in the archive' },
    ],
  },
] as const satisfies readonly DataFile[];

export type DataFileName = (typeof DATA_FILES)[number]['name'];

/** schema.json: what each file holds, column by column. */
export function dataSchema(): object {
  return {
    format: 'Each file comes twice: NAME.json (an array of objects) and NAME.csv (UTF-8, comma-separated, header row). Dates are ISO 8601 in UTC; empty means none.',
    files: DATA_FILES.map((file) => ({ files: [`${file.name}.json`, `${file.name}.csv`], description: file.description, columns: file.columns })),
  };
}
