import "server-only";
import { dueGenerations } from "@/lib/db/queries/generations";
import { log } from "@/lib/log";
import { advanceGeneration } from "./lifecycle";
import { pumpQueue } from "./queue";
import type { GenerationDeps } from "./runtime";

const BATCH = 25;

/** Finishes jobs nobody is watching. After a restart its first pass picks up every unfinished job. */
export async function sweepOnce(deps: GenerationDeps): Promise<number> {
  pumpQueue(deps); // after a restart (or a missed wake-up) the waiting jobs go out from here
  const due = dueGenerations(deps.db, deps.now(), BATCH);
  await Promise.allSettled(due.map((g) => advanceGeneration(deps, g.id)));
  return due.length;
}

const g = globalThis as typeof globalThis & { __headshotSweeper?: NodeJS.Timeout };

export function startSweeper(deps: GenerationDeps, intervalMs: number): void {
  if (g.__headshotSweeper) return;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await sweepOnce(deps);
    } catch (error) {
      log("error", "sweep_failed", { detail: error instanceof Error ? error.message : String(error) });
    } finally {
      running = false;
    }
  };
  g.__headshotSweeper = setInterval(tick, intervalMs);
  g.__headshotSweeper.unref();
  void tick();
}
