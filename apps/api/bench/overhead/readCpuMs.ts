import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (almost always 100). */
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/**
 * The CPU time (user + system) a process has used so far, from `/proc/<pid>/stat` (Linux only).
 *
 * @param pid - the process.
 * @returns milliseconds of CPU, at the clock tick's resolution (10 ms).
 * @example
 * const before = readCpuMs(api.child.pid);
 */
function readCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis don't.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15; fields[0] here is field 3.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/**
 * The CPU time the given processes used together so far.
 *
 * @param pids - the processes.
 * @returns milliseconds of CPU.
 */
export function readTotalCpuMs(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + readCpuMs(pid), 0);
}

/**
 * The CPU time used so far by every living process with one of these command names (`/proc/<pid>/comm`),
 * e.g. a database server's backends. A process that ended since the last reading takes its time with it.
 *
 * @param names - command names, e.g. `['postgres', 'redis-server']`.
 * @returns milliseconds of CPU.
 */
export function readCpuMsOfCommands(names: readonly string[]): number {
  // A path without servers: no reason to read every process's name.
  if (names.length === 0) return 0;
  let sum = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (names.includes(readFileSync(`/proc/${entry}/comm`, 'utf8').trim())) sum += readCpuMs(Number(entry));
    } catch {
      // It ended between the listing and the read.
    }
  }
  return sum;
}
