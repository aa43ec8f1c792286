/**
 * The generated export the synthetic judged set reads: fixed options, so the
 * same messages (and the same Slack ids and timestamps the judgments name)
 * come out every time, here and in the test that guards the ranking.
 * 20,000 messages over two years in twelve public channels and the private
 * one: generated in seconds, imported in about ten.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Reader } from '../../src/core/archive/access.ts';
import { writeExportFolder } from '../../src/core/synthetic-export/generate.ts';
import type { GenerateOptions } from '../../src/core/synthetic-export/generation.ts';

export const SYNTHETIC_OPTIONS = { messages: 20_000, seed: 19, channels: 12, people: 60 } as const satisfies GenerateOptions;

/** Generates the export into `dir` unless it is already there (written aside, then moved: never half a folder). */
export async function ensureSyntheticExport(dir: string): Promise<void> {
  if (fs.existsSync(path.join(dir, 'users.json'))) return;
  const partial = `${dir}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  process.stderr.write(`generating the synthetic export into ${dir}…\n`);
  await writeExportFolder(partial, SYNTHETIC_OPTIONS);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(partial, dir);
}

/**
 * Who asks: the first member of the private channel (#comite-organisation),
 * so the public channels and that one are readable and the access rules
 * take the private path too.
 */
export function syntheticReader(dir: string): Reader {
  const groups = JSON.parse(fs.readFileSync(path.join(dir, 'groups.json'), 'utf8')) as { members: string[] }[];
  const member = groups[0]?.members[0];
  if (member === undefined) throw new Error(`${dir}: the generated export has no private channel member`);
  return { id: 'bench-reader', slackPersonId: member, role: 'member' };
}
