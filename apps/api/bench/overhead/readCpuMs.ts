import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

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
