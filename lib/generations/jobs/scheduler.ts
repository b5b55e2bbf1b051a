// lib/generations/jobs owns *when* background work runs, not what it does. The generation code says three things through
// the small `Scheduler` interface below, and never touches a timer or a job engine itself:
//   checkAt(id, when)   "ask the upstream about generation `id` again at `when`" (its ETA, or the next back-off)
//   wakeSubmissions()   "the submission queue has work, or an upstream slot is free"
//   every(name, ms, fn) "run this housekeeping (sweep, retention, pruning) regularly, on one instance"
// What a check or a pump *does* is the handlers' business (lib/generations/runtime.ts wires them to
// runScheduledCheck and pumpQueue); the database row stays the truth — a check that fires early or twice
// changes nothing, because advanceGeneration only asks the upstream when the row says it is due.
//
// Two implementations pass one contract suite (scheduler.test.ts):
//   createEmbeddedScheduler (this file)         one process: in-process timers; the default, with SQLite
//   createPgBossScheduler (pg-boss-scheduler.ts) several instances on one Postgres: durable pg-boss jobs
// In both, the DB-backed sweep (lib/generations/sweeper.ts, run through `every`) stays the safety net: it finds
// due rows whatever happened to a timer or a job (a restart, a lost wake-up, a send that failed).
import "server-only";
import { log } from "@/lib/log";

/** What the scheduler calls. Both may run again for the same thing (retries, the sweep): they must be idempotent. */
export type JobHandlers = {
  /** The check of one generation is due. Throwing retries it (see each implementation's retry numbers). */
  check: (generationId: string) => Promise<void>;
  /** Send waiting jobs while slots are free. Runs are never concurrent, and a wake-up during a run is not lost. */
  submissions: () => Promise<void> | void;
};

export interface Scheduler {
  /** Connects and starts delivering (pg-boss); the embedded scheduler delivers from creation. Call once, first. */
  start(): Promise<void>;
  /**
   * One check of `generationId` at `when` (ms since the epoch), not before. At most one is pending per
   * generation (a retry after a failure aside): asking again while one is pending keeps the pending one, and
   * the handler re-arms from the row's next-check time when it runs. Never rejects: a failure is logged, and
   * the sweep finds the row anyway.
   */
  checkAt(generationId: string, when: number): Promise<void>;
  /**
   * The queue has work or a slot freed. Never rejects. Embedded: resolves when this process's pump has run
   * after the wake-up (so a create sees its own job's claim); pg-boss: at once (the pump runs in a worker,
   * maybe on another instance).
   */
  wakeSubmissions(): Promise<void>;
  /**
   * Runs `task` about every `intervalMs`, on one instance at a time, never overlapping itself; one task per
   * name (a second registration is ignored). Embedded: now and then every interval. pg-boss: a cron schedule
   * with a minute's resolution (see pg-boss-scheduler.ts).
   */
  every(name: string, intervalMs: number, task: () => Promise<void>): Promise<void>;
  /** Stops taking work and resolves when every handler that was running has finished. */
  stop(): Promise<void>;
}

/** The error text a handler's failure is logged with. */
export const describeError = (error: unknown) => (error instanceof Error ? error.message : String(error));

// ---- Embedded: one process ----

export type EmbeddedSchedulerOptions = {
  handlers: JobHandlers;
  /** A check whose handler threw runs again after this long… (default 5 s) */
  retryDelayMs?: number;
  /** …up to this many runs in all (default 3); after that the sweep is what finds the row again. */
  maxAttempts?: number;
};

/** setTimeout's ceiling (about 24.8 days); a check further out waits in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Today's single-process behaviour behind the interface: a timer per pending check (unref'd, so it never
 * keeps the process alive), a pump guarded against overlap, and setInterval tasks that also run
 * once at registration. Nothing here survives a restart, and nothing needs to: the sweep's first pass finds
 * every due row and pumps the queue.
 */
export function createEmbeddedScheduler(options: EmbeddedSchedulerOptions): Scheduler {
  const { handlers, retryDelayMs = 5_000, maxAttempts = 3 } = options;
  const pendingChecks = new Map<string, NodeJS.Timeout>();
  const otherTimers = new Set<NodeJS.Timeout>();
  const intervals = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  let pumping = false;
  let pumpAgain = false;
  // Resolves when `pumping` goes false: every wake-up so far has then been served by a run that started after it.
  let idle: Promise<void> = Promise.resolve();
  let markIdle = (): void => {};
  const stopPumping = (): void => {
    pumping = false;
    markIdle();
  };

  const track = <T>(work: Promise<T>): Promise<T> => {
    running.add(work);
    void work.finally(() => running.delete(work)).catch(() => undefined);
    return work;
  };

  const later = (ms: number, fn: () => void): NodeJS.Timeout => {
    const timer = setTimeout(() => {
      otherTimers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    otherTimers.add(timer);
    return timer;
  };

  const runCheck = (generationId: string, attempt: number): void => {
    if (stopped) return;
    void track(
      handlers.check(generationId).catch((error: unknown) => {
        const retry = attempt < maxAttempts && !stopped;
        log("error", "check_failed", { generationId, attempt, retry, detail: describeError(error) });
        if (retry) later(retryDelayMs, () => runCheck(generationId, attempt + 1));
      }),
    );
  };

  const arm = (generationId: string, when: number): void => {
    const wait = Math.max(0, when - Date.now());
    const timer = setTimeout(
      () => {
        pendingChecks.delete(generationId);
        if (wait > MAX_TIMER_MS) arm(generationId, when);
        else runCheck(generationId, 1);
      },
      Math.min(wait, MAX_TIMER_MS),
    );
    timer.unref();
    pendingChecks.set(generationId, timer);
  };

  // Runs the pump; while a wake-up arrived during a run, runs it once more. wakeSubmissions' promise resolves
  // when the runs stop, so a create can wait for its own job's claim (see enqueue in lib/generations/queue.ts).
  const pump = (): void => {
    for (;;) {
      pumpAgain = false;
      let result: Promise<void> | void;
      try {
        result = handlers.submissions();
      } catch (error) {
        log("error", "queue_pump_failed", { detail: describeError(error) });
        result = undefined;
      }
      if (result instanceof Promise) {
        void track(
          result
            .catch((error: unknown) => log("error", "queue_pump_failed", { detail: describeError(error) }))
            .then(() => (pumpAgain && !stopped ? pump() : stopPumping())),
        );
        return;
      }
      if (!pumpAgain || stopped) break;
    }
    stopPumping();
  };

  return {
    async start() {},

    async checkAt(generationId, when) {
      if (stopped || pendingChecks.has(generationId)) return;
      arm(generationId, when);
    },

    wakeSubmissions() {
      if (stopped) return Promise.resolve();
      if (pumping) {
        pumpAgain = true;
        return idle;
      }
      pumping = true;
      idle = new Promise((resolve) => (markIdle = resolve));
      pump();
      return idle;
    },

    async every(name, intervalMs, task) {
      if (stopped || intervals.has(name)) return;
      let busy = false;
      const tick = () => {
        if (busy || stopped) return;
        busy = true;
        void track(
          task()
            .catch((error: unknown) => log("error", `${name}_failed`, { detail: describeError(error) }))
            .finally(() => (busy = false)),
        );
      };
      const interval = setInterval(tick, intervalMs);
      interval.unref();
      intervals.set(name, interval);
      tick();
    },

    async stop() {
      stopped = true;
      for (const timer of [...pendingChecks.values(), ...otherTimers]) clearTimeout(timer);
      for (const interval of intervals.values()) clearInterval(interval);
      pendingChecks.clear();
      otherTimers.clear();
      intervals.clear();
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
