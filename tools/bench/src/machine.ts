import { readFileSync } from 'node:fs';
import os from 'node:os';
import { type MachineInfo } from './results';

/** The CPU model as /proc/cpuinfo names it (the first processor's). */
export function cpuModel(cpuinfo: string): string {
  const line = cpuinfo.split('\n').find((l) => /^model name\s*:/.test(l));
  return line ? line.replace(/^model name\s*:\s*/, '').trim() : 'unknown';
}

/** The machine the bench runs on; `loadStart` is the 1-minute load average taken when the run began. */
export function machineInfo(loadStart: number): MachineInfo {
  let model = os.cpus()[0]?.model ?? 'unknown';
  try {
    model = cpuModel(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    // not Linux: os.cpus() is the best we have
  }
  return {
    cpuModel: model,
    cores: os.availableParallelism(),
    memoryGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    loadAverage: { start: loadStart, end: os.loadavg()[0] ?? 0 },
  };
}

/** Clock ticks per second for /proc/<pid>/stat (USER_HZ; 100 on every Linux this runs on). */
const CLOCK_TICKS = 100;

/**
 * utime + stime of a process in ms, from /proc/<pid>/stat. The command name (field 2) may contain
 * spaces and parentheses, so fields are counted from its closing parenthesis.
 */
export function parseProcStat(stat: string): number {
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); utime and stime are fields 14 and 15.
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`unreadable /proc stat: ${stat.slice(0, 80)}`);
  return ((utime + stime) * 1000) / CLOCK_TICKS;
}

/** CPU milliseconds a process has used so far (user + system). */
export const cpuMs = (pid: number): number => parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
