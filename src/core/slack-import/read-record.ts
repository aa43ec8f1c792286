import type { z } from 'zod';
import type { IgnoredFields } from './ignored-fields.ts';

export type RecordRead<T> = { ok: true; record: T } | { ok: false; reason: string };

type Path = readonly PropertyKey[];

/** Each pass removes at least one field; a record that still does not fit after this many is not a Slack record. */
const MAX_PASSES = 16;
const EXAMPLE_LENGTH = 80;

/** `files.2.size` → `files[].size`: the field, whichever record or element it was in. */
function fieldName(path: Path): string {
  return path.map((key, index) => (typeof key === 'number' ? '[]' : index === 0 ? String(key) : `.${String(key)}`)).join('');
}

function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** A short, printable picture of a value for the summary's example. */
function preview(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value));
  } catch {
    text = typeof value;
  }
  return text.length > EXAMPLE_LENGTH ? `${text.slice(0, EXAMPLE_LENGTH)}… (${text.length} characters)` : text;
}

/**
 * Removes what an issue points at. A value that is there but does not fit goes;
 * a required value that is missing takes its object with it (a reaction
 * without a name is no reaction), up to the record's own fields.
 */
function removeAt(root: object, path: Path): void {
  let target = path;
  while (target.length > 1 && valueAt(root, target) === undefined) target = target.slice(0, -1);
  const parent = valueAt(root, target.slice(0, -1));
  const key = target[target.length - 1]!;
  if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
  else if (parent !== null && typeof parent === 'object') delete (parent as Record<PropertyKey, unknown>)[key];
}

/** Deepest and last first: removing an array element then never moves another that is still to go. */
function comparePathsDescending(a: Path, b: Path): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    if (typeof a[i] === 'number' && typeof b[i] === 'number') return (b[i] as number) - (a[i] as number);
    return String(b[i]).localeCompare(String(a[i]));
  }
  return b.length - a.length;
}

/**
 * Reads one record of the export (a person, a conversation, a message) the
 * tolerant way: a field that does not fit the schema loses that field, never
 * the record, and `ignored` counts it. Only a record whose identity (`id`,
 * `ts`) is missing or unusable is refused; the caller names it.
 *
 * `raw` is the freshly parsed JSON value and is changed in place.
 */
export function readRecord<T>(
  schema: z.ZodType<T>,
  raw: unknown,
  identity: string,
  where: { file: string; item: string },
  ignored: IgnoredFields,
): RecordRead<T> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, reason: `expected an object, found ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}` };
  }
  // Said at once, without the schema: a file of millions of empty records must not cost a validation each.
  if ((raw as Record<string, unknown>)[identity] === undefined) return { ok: false, reason: `${identity}: missing` };
  // A field is counted once per record, however many passes or array elements it took.
  const noted = new Set<string>();
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const parsed = schema.safeParse(raw);
    if (parsed.success) return { ok: true, record: parsed.data };
    const paths = parsed.error.issues.map((issue) => ({ path: issue.path as Path, message: issue.message }));
    const lost = paths.find(({ path }) => path.length === 0 || path[0] === identity);
    if (lost) return { ok: false, reason: `${identity}: ${lost.message} (${preview(valueAt(raw, lost.path.slice(0, 1)))})` };
    for (const { path, message } of paths.sort((a, b) => comparePathsDescending(a.path, b.path))) {
      const field = fieldName(path);
      if (!noted.has(field)) {
        noted.add(field);
        ignored.note(where.file, field, `${where.item}: ${message} (${preview(valueAt(raw, path))})`);
      }
      removeAt(raw, path);
    }
  }
  return { ok: false, reason: 'its fields still do not fit after removing those that did not' };
}
