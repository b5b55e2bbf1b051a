import { readdirSync, readFileSync } from "node:fs";

function statusField(pid: number, field: string): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8")
      .split("\n")
      .find((l) => l.startsWith(`${field}:`));
    return line ? Number(line.split(/\s+/)[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function children(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** The pid and every descendant (next start may fork its server). */
export function processTree(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length && all.length < 64; i++) all.push(...children(all[i] ?? 0));
  return all;
}

/** Resident memory (bytes) summed over a process tree. */
export const treeRss = (pids: number[]) => pids.reduce((sum, p) => sum + statusField(p, "VmRSS"), 0);
/** The kernel's own high-water mark of each process (bytes), summed. */
export const treeHwm = (pids: number[]) => pids.reduce((sum, p) => sum + statusField(p, "VmHWM"), 0);

/** Samples the tree's RSS every `everyMs` until stopped; returns the peak seen and the sample count. */
export function sampleRss(pids: number[], everyMs = 20) {
  let peak = treeRss(pids);
  let samples = 1;
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRss(pids));
    samples++;
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return { peakBytes: Math.max(peak, treeRss(pids)), samples };
    },
  };
}

export const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** CPU time (user + system, ms) used so far by a process tree: a cost measure that other load on the machine hardly skews. */
export function treeCpuMs(pids: number[]): number {
  const tick = 100; // USER_HZ on Linux
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // ended
    }
  }
  return (ticks * 1000) / tick;
}

/**
 * Waits until the process has (almost) stopped using CPU, e.g. after the app's deferred thumbnails, so
 * its leftover work does not slow the next measurement. Gives up after `timeoutMs`. Returns the process's CPU
 * time (ms) at the start of the quiet window, so a cost measured "until idle" leaves the idle wait out.
 */
export async function waitForCpuIdle(pid: number, { windowMs = 300, maxBusyPercent = 5, timeoutMs = 45_000 } = {}): Promise<number> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const before = treeCpuMs([pid]);
    await new Promise((r) => setTimeout(r, windowMs));
    if (((treeCpuMs([pid]) - before) / windowMs) * 100 <= maxBusyPercent || Date.now() >= end) return before;
  }
}
