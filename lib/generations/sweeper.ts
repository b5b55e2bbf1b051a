// The sweep: the safety net under the scheduler's per-job checks (lib/generations/jobs). Run regularly through the
// scheduler's `every` (instrumentation-node.ts), it finds every due row in the database whatever happened to a timer
// or a pg-boss job, and wakes the submission queue.
import "server-only";
import { dueGenerations } from "@/lib/db/queries/generations";
import { advanceGeneration } from "./lifecycle";
import type { GenerationDeps } from "./runtime";

const BATCH = 25;

/** Finishes jobs nobody is watching. After a restart its first pass picks up every unfinished job. */
export async function sweepOnce(deps: GenerationDeps): Promise<number> {
  void deps.scheduler.wakeSubmissions(); // after a restart (or a missed wake-up) the waiting jobs go out from here
  const due = await dueGenerations(deps.db, deps.now(), BATCH);
  await Promise.allSettled(due.map((g) => advanceGeneration(deps, g.id)));
  return due.length;
}
