// The start of one server process (Node only; instrumentation.ts imports this only in the Node runtime, so the
// Edge compile of instrumentation.ts does not pull in the database, the job engine or node: modules).
import "server-only";

async function startInstance(): Promise<void> {
  // TRACE/TRACK and absolute-form request lines are refused before Next's handler sees them (lib/http/edge.ts).
  const { installEdgeGuard } = await import("@/lib/http/edge");
  installEdgeGuard();
  // Fail at start-up, naming the bad setting, rather than on the first request.
  const { getConfig } = await import("@/lib/config");
  const config = getConfig();
  // The database's schema before anything reads it. On Postgres several instances may start together: the
  // migrations take an advisory lock, so one applies them and the others wait, then find nothing to do.
  const { prepareDb } = await import("@/lib/db/client");
  await prepareDb();
  // The request limiter, so that in shared mode its Postgres table exists before the first request (it never
  // throws: while Postgres is unreachable, memory answers and the table is created once it is back).
  const { requestLimiter } = await import("@/lib/http/rate-limit");
  await requestLimiter();
  const { getDeps } = await import("@/lib/generations/runtime");
  const { sweepOnce } = await import("@/lib/generations/sweeper");
  const { retentionPass } = await import("@/lib/generations/privacy");
  const deps = getDeps();
  await deps.scheduler.start();
  // The sweep pumps the queue and advances jobs nobody watches; retention deletes expired faces and prunes quota events.
  await deps.scheduler.every("sweep", config.sweepIntervalMs, async () => {
    await sweepOnce(deps);
  });
  await deps.scheduler.every("retention_sweep", 60 * 60_000, () => retentionPass(deps, config.faceRetentionDays, config.quotas));
}

/** Starts this instance, or exits: a half-started instance (no schema, no job queues) would answer health checks and
 * fail its work, and Next, left alone, logs the error and serves anyway. */
export async function register(): Promise<void> {
  try {
    await startInstance();
  } catch (error) {
    console.error(`Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
