// The shared-mode Scheduler (see scheduler.ts for the interface): durable jobs in Postgres through pg-boss, so
// several app instances behind a load balancer share one set of checks, one submission line and one copy of
// each housekeeping task, and a job taken by an instance that dies is finished by another.
//
// pg-boss 10, not 11+: pg-boss 11 requires Node 22, and the project stays on Node 20 (README: two commands do
// all set-up). Selected when DATABASE_URL is set (lib/generations/runtime.ts), on the same database as the app's
// tables; pg-boss keeps its own in the `pgboss` schema.
//
// Queues (pg-boss 10 needs each created; policies are pg-boss's own):
//   generation-check  policy "short": at most one *waiting* job per singletonKey (= the generation id), so
//                     checkAt twice leaves one job; `startAfter` = the check time. A running check does not
//                     block the next one, so a handler can book its successor. Several workers per instance.
//   submissions       policy "stately": at most one waiting and one running job in the whole cluster, so
//                     wake-ups coalesce and two pumps never run at once. pg-boss only *delivers* the wake-ups:
//                     the in-flight cap itself is the database's — a pump counts the in-flight rows and claims
//                     the oldest waiting row by compare-and-set, which is what keeps a job from going out twice.
//                     (On Postgres, "count then claim" must also be atomic — one statement under an advisory
//                     lock — for the cap to hold if anything ever pumps outside this queue; that belongs to the
//                     Postgres queries in lib/db.) make_gen itself runs after the pump job completes: a make_gen
//                     that got no answer must never be sent again, so it is not something to retry.
//   task-<name>       one per `every()`: a pg-boss cron schedule (the cron monitor runs on one instance, and a
//                     schedule sends at most one job per minute), policy "stately" so a slow run never overlaps
//                     the next. pg-boss cron has a minute's resolution: an interval under a minute runs every
//                     minute; longer ones are rounded to a cron step (cronFor).
//
// A dead worker: a job stays "active" until its expiry; pg-boss's maintenance (every maintenanceIntervalSeconds,
// on one instance) then moves it to "retry", and any instance picks it up after retryDelay. So a job lost with
// its instance runs again after at most expireIn + maintenance interval + retryDelay. pg-boss also *fails* a
// handler still running at its expiry (and retries it elsewhere while the first copy goes on), so expireIn must
// be above the handler's worst case. The numbers (DEFAULT_TUNING) for the defaults (UPSTREAM_TIMEOUT_MS = 60 s):
//   check        expire 180 s (one fetch ≤ 60 s + downloading and storing the outputs ≤ 60 s each, in parallel,
//                plus margin); retry 5 times, 10 s apart with back-off — then the sweep finds the row anyway
//   submissions  expire 60 s (a pump is a few queries); retry 3 times, 5 s apart
//   task         expire 30 min (a retention pass deletes files in batches); retry twice, 60 s apart
//   maintenance  every 30 s (pg-boss's default is 120 s), so a lost check runs again 180 s + ≤ 30 s + 10–20 s
//                (the back-off's first step) ≈ 3–4 min after it started; a lost pump ≈ 1–1.5 min
import "server-only";
import PgBoss from "pg-boss";
import { log } from "@/lib/log";
import { describeError, type JobHandlers, type Scheduler } from "./scheduler";

export type QueueTuning = { expireInSeconds: number; retryLimit: number; retryDelaySeconds: number; retryBackoff: boolean };
type QueueKind = "check" | "submissions" | "task";

export const DEFAULT_TUNING: Record<QueueKind, QueueTuning> = {
  check: { expireInSeconds: 180, retryLimit: 5, retryDelaySeconds: 10, retryBackoff: true },
  submissions: { expireInSeconds: 60, retryLimit: 3, retryDelaySeconds: 5, retryBackoff: false },
  task: { expireInSeconds: 30 * 60, retryLimit: 2, retryDelaySeconds: 60, retryBackoff: false },
};

export type PgBossSchedulerOptions = {
  connectionString: string;
  handlers: JobHandlers;
  /** pg-boss's own schema (default "pgboss"): its tables live beside the app's, never mixed with them. */
  schema?: string;
  /** How often an idle worker asks for due jobs (default 2 s; pg-boss 10's floor is 0.5 s). */
  pollingIntervalSeconds?: number;
  /** How often expired jobs are found and retried (default 30 s). */
  maintenanceIntervalSeconds?: number;
  /** How often the cron monitor and its sender look (pg-boss defaults 30 s and 5 s). */
  cronIntervalSeconds?: number;
  /** Checks run at once per instance (default 4). */
  checkConcurrency?: number;
  /** How long stop() waits for running handlers before pg-boss fails them back for retry (default 30 s). */
  stopTimeoutMs?: number;
  tuning?: Partial<{ [K in QueueKind]: Partial<QueueTuning> }>;
};

export const CHECK_QUEUE = "generation-check";
export const SUBMISSIONS_QUEUE = "submissions";
const taskQueue = (name: string) => `task-${name}`;

/** Postgres aborted the statement to break a deadlock (SQLSTATE 40P01). */
const isDeadlock = (error: unknown) => typeof error === "object" && error !== null && "code" in error && error.code === "40P01";

/** A pg-boss cron expression for "about every `intervalMs`": minute resolution, rounded to a cron step. */
export function cronFor(intervalMs: number): string {
  const minutes = Math.max(1, Math.round(intervalMs / 60_000));
  if (minutes < 60) return minutes === 1 ? "* * * * *" : `*/${minutes} * * * *`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return hours === 1 ? "0 * * * *" : `0 */${hours} * * *`;
  return "0 0 * * *";
}

type CheckData = { generationId: string };

export function createPgBossScheduler(options: PgBossSchedulerOptions): Scheduler {
  const { handlers, pollingIntervalSeconds = 2, checkConcurrency = 4, stopTimeoutMs = 30_000 } = options;
  const tuning = (kind: QueueKind): QueueTuning => ({ ...DEFAULT_TUNING[kind], ...options.tuning?.[kind] });
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: options.schema ?? "pgboss",
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
    cronMonitorIntervalSeconds: options.cronIntervalSeconds ?? 30,
    cronWorkerIntervalSeconds: options.cronIntervalSeconds ?? 5,
  });
  boss.on("error", (error: Error) => log("warn", "job_engine_error", { detail: describeError(error) }));
  const tasks = new Set<string>();
  let submissionsWorker: string | null = null;
  let started = false;
  let stopped = false;

  /** Creates the queue, or brings an existing one's settings up to date (several instances may race: both are idempotent). */
  const ensureQueue = async (name: string, policy: PgBoss.QueuePolicy, t: QueueTuning) => {
    const queue: PgBoss.Queue = { name, policy, expireInSeconds: t.expireInSeconds, retryLimit: t.retryLimit, retryDelay: t.retryDelaySeconds, retryBackoff: t.retryBackoff };
    // Two instances starting together against a fresh database can deadlock in pg-boss 10's create_queue (it
    // also creates the queue's partition table): Postgres aborts one with 40P01, and that instance would come
    // up with no queues. Seen in 3 of 5 two-instance starts; the retry then finds the queue made.
    for (let attempt = 1; ; attempt++) {
      try {
        await boss.createQueue(name, queue);
        await boss.updateQueue(name, queue);
        return;
      } catch (error) {
        if (!isDeadlock(error) || attempt >= 5) throw error;
        log("warn", "job_queue_create_retry", { queue: name, attempt, detail: describeError(error) });
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200 * attempt));
      }
    }
  };

  /**
   * One job at a time per worker. A finished job is completed here, awaited: pg-boss's own completion after a
   * handler returns is not awaited, and stop() closing the pool before it landed would leave a finished job
   * "active", to run again after its expiry. A failure is rethrown for pg-boss to mark for retry (were that
   * lost, the job would still be retried after its expiry).
   */
  const worker = <T extends object>(queue: string, run: (data: T) => Promise<void> | void) => async (jobs: PgBoss.Job<T>[]) => {
    const job = jobs[0];
    if (!job) return;
    try {
      await run(job.data);
    } catch (error) {
      log("error", "job_failed", { queue, jobId: job.id, detail: describeError(error) });
      throw error;
    }
    await boss.complete(queue, job.id);
  };

  const work = <T extends object>(queue: string, run: (data: T) => Promise<void> | void) =>
    boss.work<T>(queue, { batchSize: 1, pollingIntervalSeconds }, worker<T>(queue, run));

  return {
    async start() {
      if (started) return;
      started = true;
      await boss.start(); // creates or migrates pg-boss's schema under an advisory lock: safe when instances start together
      await ensureQueue(CHECK_QUEUE, "short", tuning("check"));
      await ensureQueue(SUBMISSIONS_QUEUE, "stately", tuning("submissions"));
      for (let i = 0; i < checkConcurrency; i++) await work<CheckData>(CHECK_QUEUE, (data) => handlers.check(data.generationId));
      submissionsWorker = await work(SUBMISSIONS_QUEUE, () => handlers.submissions());
    },

    async checkAt(generationId, when) {
      if (stopped) return;
      try {
        await boss.send(CHECK_QUEUE, { generationId } satisfies CheckData, { singletonKey: generationId, startAfter: new Date(when) });
      } catch (error) {
        log("error", "check_schedule_failed", { generationId, detail: describeError(error) });
      }
    },

    wakeSubmissions() {
      if (stopped) return Promise.resolve();
      void boss
        .send(SUBMISSIONS_QUEUE, {})
        .then(() => submissionsWorker && boss.notifyWorker(submissionsWorker)) // this instance looks at once
        .catch((error: unknown) => log("error", "queue_wake_failed", { detail: describeError(error) }));
      return Promise.resolve(); // not waiting for the send: a create answers with its job still waiting, as before
    },

    async every(name, intervalMs, task) {
      if (stopped || tasks.has(name)) return;
      tasks.add(name);
      const queue = taskQueue(name);
      await ensureQueue(queue, "stately", tuning("task"));
      await boss.schedule(queue, cronFor(intervalMs), {}, { tz: "UTC" });
      await work(queue, task);
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      if (started) await boss.stop({ graceful: true, wait: true, timeout: stopTimeoutMs });
    },
  };
}
