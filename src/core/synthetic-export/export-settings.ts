import type { GenerateOptions } from './generation.ts';
import { isCalendarDate } from './pacific-days.ts';

/** The options with their defaults applied, checked before any work starts. */
export interface ExportSettings {
  messages: number;
  seed: number;
  channels: number;
  people: number;
  start: string;
  dayCount: number;
}

function requireInteger(name: string, value: number, minimum: number): number {
  if (!Number.isSafeInteger(value) || value < minimum)
    throw new RangeError(`${name} must be an integer of at least ${minimum}, not ${value}`);
  return value;
}

export function exportSettings(options: GenerateOptions): ExportSettings {
  const messages = requireInteger('messages', options.messages, 1);
  const messagesPerDay = options.messagesPerDay ?? Math.max(20, Math.min(5000, messages / 365 / 2));
  if (!(messagesPerDay > 0)) throw new RangeError(`messagesPerDay must be positive, not ${messagesPerDay}`);
  const start = options.start ?? '2019-01-01';
  if (!isCalendarDate(start)) throw new RangeError(`start must be a YYYY-MM-DD date, not ${start}`);
  return {
    messages,
    seed: requireInteger('seed', options.seed ?? 1, Number.MIN_SAFE_INTEGER),
    channels: requireInteger('channels', options.channels ?? Math.max(4, Math.min(200, Math.round(messages / 25000))), 1),
    people: requireInteger('people', options.people ?? Math.max(8, Math.min(2000, Math.round(messages / 2000))), 2),
    start,
    dayCount: Math.ceil(messages / messagesPerDay),
  };
}
