import { describe, expect, it } from 'vitest';
import { EntryError } from '../errors.ts';
import { LISTED_PER_FILE } from '../file-skips.ts';
import { mapDayFile, type MappedDayFile } from '../map/map-day-file.ts';
import { buildRenderContext } from '../map/render-context.ts';
import { readJsonArray, STREAM_BOUNDS, WHOLE_FILE_BYTES } from './json-array.ts';

/*
 * A streamed file's memory is bounded by one element whatever the file holds:
 * nesting, a huge value or a huge element break the file there (named, what came
 * before kept), as a truncated file does; and a file of millions of broken
 * records is named in a few lines.
 */

const MESSAGE = '{"type":"message","user":"U0AUTHOR01","text":"bonjour","ts":"1433558319.000100"}';

async function read(text: string): Promise<{ elements: unknown[]; broken: EntryError | null }> {
  const data = Buffer.from(text);
  const elements: unknown[] = [];
  // In chunks of 64 KiB, as files arrive from the disk or a zip entry.
  async function* chunks() {
    for (let at = 0; at < data.length; at += 65_536) yield data.subarray(at, at + 65_536);
  }
  const broken = await readJsonArray('general/2024-03-01.json', data.length, chunks(), (value) => void elements.push(value));
  return { elements, broken };
}

/** Pads the file past WHOLE_FILE_BYTES with messages, so it is streamed. */
const padding = `${MESSAGE},`.repeat(Math.ceil(WHOLE_FILE_BYTES / MESSAGE.length) + 1);

describe('a streamed JSON array', () => {
  it('reads every element of a sound file', async () => {
    const { elements, broken } = await read(`[${padding}${MESSAGE}]`);
    expect(broken).toBeNull();
    expect(elements.length).toBe(Math.ceil(WHOLE_FILE_BYTES / MESSAGE.length) + 2);
  });

  it('breaks at nesting deeper than a Slack file nests, keeping what came before', async () => {
    const { elements, broken } = await read(`[${padding}${'['.repeat(1_000_000)}`);
    expect(broken?.message).toMatch(new RegExp(`nests arrays or objects more than ${STREAM_BOUNDS.maxDepth} deep at byte \\d+`));
    expect(elements.length).toBeGreaterThan(10_000);
  });

  it('breaks at a value of megabytes (a string that never ends, or blank space), keeping what came before', async () => {
    const { elements, broken } = await read(`[${padding}{"ts":"1433558319.000200","text":"${'bla '.repeat(1_500_000)}"}]`);
    expect(broken?.message).toMatch(/holds a value over 4 MiB from byte \d+/);
    expect(elements.length).toBeGreaterThan(10_000);
    expect((await read(`[${padding}${' '.repeat(5_000_000)}]`)).broken?.message).toMatch(/holds a value over 4 MiB/);
  });

  it('breaks at an element of megabytes, however small its values', async () => {
    const { elements, broken } = await read(`[${padding}{"ts":"1433558319.000200","members":[${'"U0AUTHOR01",'.repeat(1_000_000)}"U0AUTHOR02"]}]`);
    expect(broken?.message).toMatch(new RegExp(`holds an element over ${STREAM_BOUNDS.maxElementBytes / 1024 ** 2} MiB from byte \\d+`));
    expect(elements.length).toBeGreaterThan(10_000);
  });
});

describe('a day file of broken records', () => {
  it('names its first records one by one and counts the rest in one line', async () => {
    const data = Buffer.from(`[${'{},'.repeat(50_000)}${MESSAGE}]`);
    const parts: MappedDayFile[] = [];
    const context = buildRenderContext([], []);
    await mapDayFile('general/2024-03-01.json', { where: { memory: data }, compression: 'none', size: data.length, crc32: undefined, fingerprint: 'f' }, 'C0GENERAL', context, (part) => void parts.push(part));
    const skipped = parts.flatMap((part) => part.skipped);
    expect(parts.reduce((sum, part) => sum + part.dropped, 0)).toBe(50_000);
    expect(parts.flatMap((part) => part.mapped)).toHaveLength(1);
    expect(skipped).toHaveLength(LISTED_PER_FILE + 1);
    expect(skipped.at(-1)).toEqual({ item: 'general/2024-03-01.json', reason: `and ${50_000 - LISTED_PER_FILE} more of its records skipped or replaced like those listed (only its first ${LISTED_PER_FILE} are)` });
  });
});
