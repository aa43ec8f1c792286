import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * A process's /proc/<pid>/stat fields after its command (Linux), the first being
 * its state: the command is in parentheses and may hold spaces. Undefined once gone.
 */
function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** The ids of a process's children, read from /proc (Linux): a cluster's serving processes, for the load bench and its tests. */
export function childProcessesOf(parent: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (/^\d+$/.test(entry) && Number(statFields(entry)?.[1]) === parent) pids.push(Number(entry));
  }
  return pids;
}

/** Clock ticks a second, the unit of stat's CPU times (100 on nearly every Linux). */
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU time a process has used so far, all its threads together (stat's utime and stime), in seconds; 0 once gone. */
export function cpuSecondsOf(pid: number): number {
  const fields = statFields(pid);
  return fields ? (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND : 0;
}
