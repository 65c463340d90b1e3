/** CPU time of a process group (a local server: wrangler, workerd and helpers), from /proc (Linux only). */
import { readdirSync, readFileSync } from "node:fs";

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** User + system CPU milliseconds of every live process in the group. */
export function groupCpuMs(pgid: number): number {
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    // Fields after the command name (which may hold spaces): state ppid pgrp … utime(14) stime(15).
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks * TICK_MS;
}

/**
 * Waits until the group goes quiet (less than `idleMsPerS` CPU per second over `window` seconds in a
 * row, or `maxS` seconds), and returns the CPU it spent meanwhile above its idle rate.
 */
export async function settle(
  pgid: number,
  idleMsPerS: number,
  opts: { window?: number; maxS?: number } = {},
): Promise<{ ms: number; seconds: number }> {
  const window = opts.window ?? 3;
  const maxS = opts.maxS ?? 120;
  const start = groupCpuMs(pgid);
  const t0 = Date.now();
  let quiet = 0;
  let last = start;
  while (quiet < window && Date.now() - t0 < maxS * 1000) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = groupCpuMs(pgid);
    quiet = now - last <= Math.max(20, idleMsPerS * 2) ? quiet + 1 : 0;
    last = now;
  }
  const seconds = (Date.now() - t0) / 1000;
  return { ms: Math.max(0, last - start - idleMsPerS * seconds), seconds };
}
