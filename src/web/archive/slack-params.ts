/** Slack's ids and timestamps as addresses carry them: anything else is a page that does not exist. */
const SLACK_ID = /^[A-Z0-9]{5,20}$/;
const SLACK_TS = /^\d{10}\.\d{6}$/;

export function isSlackId(value: string | undefined): value is string {
  return value !== undefined && SLACK_ID.test(value);
}

export function isSlackTs(value: string | null | undefined): value is string {
  return typeof value === 'string' && SLACK_TS.test(value);
}
