// @vitest-environment node
// The Scheduler contract (scheduler.ts), one suite run against both implementations: the embedded one (timers in
// this process) and pg-boss on a fresh Postgres database per test (test/postgres.ts).
//
// The cases under "several instances on one store" are registered only for implementations whose store can be
// shared (pg-boss): two embedded schedulers share nothing, so "runs on one instance" has no meaning for them.
// They are not skipped — for the embedded scheduler they do not exist.
//
// Times are short (a second or two); "not before" allows CLOCK_SLACK for timer rounding, "soon after" allows each
// implementation its own lateness (pg-boss polls every 0.5 s here).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freshDatabase } from "@/test/postgres";
import { createPgBossScheduler, cronFor } from "./pg-boss-scheduler";
import { createEmbeddedScheduler, type JobHandlers, type Scheduler } from "./scheduler";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CLOCK_SLACK = 50;

async function until(what: string, condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await sleep(25);
  }
}

type Store = { make: (handlers: JobHandlers) => Scheduler; teardown: () => Promise<void> };
type Implementation = {
  name: string;
  /** How late after its time a check may run (polling, start-up). */
  lateness: number;
  /** Whether two schedulers can share one store (and so one set of jobs). */
  shared: boolean;
  open: () => Promise<Store>;
};

const embedded: Implementation = {
  name: "embedded",
  lateness: 500,
  shared: false,
  open: async () => ({ make: (handlers) => createEmbeddedScheduler({ handlers, retryDelayMs: 200 }), teardown: async () => undefined }),
};

const pgBoss: Implementation = {
  name: "pg-boss",
  lateness: 3_000,
  shared: true,
  open: async () => {
    const db = await freshDatabase("jobs");
    return {
      make: (handlers) =>
        createPgBossScheduler({
          connectionString: db.url,
          handlers,
          pollingIntervalSeconds: 0.5,
          maintenanceIntervalSeconds: 1,
          cronIntervalSeconds: 1,
          stopTimeoutMs: 5_000,
          tuning: { check: { retryDelaySeconds: 0, retryBackoff: false } },
        }),
      teardown: () => db.drop(),
    };
  },
};

/** Handlers that record what ran, where and when; `failOnce` ids throw on their first run. */
function recorder(instance = "a", shared?: { runs: Run[]; pumping: { now: number; max: number } }) {
  const runs = shared?.runs ?? [];
  const pumping = shared?.pumping ?? { now: 0, max: 0 };
  const failOnce = new Set<string>();
  const slow = new Map<string, number>();
  const handlers: JobHandlers = {
    check: async (id) => {
      const run: Run = { kind: "check", id, instance, at: Date.now(), done: false };
      runs.push(run);
      if (slow.has(id)) await sleep(slow.get(id)!);
      if (failOnce.delete(id)) throw new Error(`check ${id} failed on purpose`);
      run.done = true;
    },
    submissions: async () => {
      const run: Run = { kind: "pump", id: "", instance, at: Date.now(), done: false };
      runs.push(run);
      pumping.now++;
      pumping.max = Math.max(pumping.max, pumping.now);
      await sleep(200);
      pumping.now--;
      run.done = true;
    },
  };
  const of = (kind: Run["kind"], id?: string) => runs.filter((r) => r.kind === kind && (id === undefined || r.id === id));
  return { handlers, runs, pumping, failOnce, slow, of };
}
type Run = { kind: "check" | "pump"; id: string; instance: string; at: number; done: boolean };

for (const impl of [embedded, pgBoss]) {
  describe(`Scheduler contract: ${impl.name}`, () => {
    let store: Store;
    const made: Scheduler[] = [];
    const start = async (handlers: JobHandlers) => {
      const scheduler = store.make(handlers);
      made.push(scheduler);
      await scheduler.start();
      return scheduler;
    };
    beforeEach(async () => {
      store = await impl.open();
    });
    afterEach(async () => {
      await Promise.all(made.splice(0).map((s) => s.stop()));
      await store.teardown();
    });

    it("a check runs after its time, not before, and soon after", async () => {
      const r = recorder();
      const s = await start(r.handlers);
      const when = Date.now() + 1_500;
      await s.checkAt("g-time", when);
      await sleep(when - 300 - Date.now());
      expect(r.of("check")).toEqual([]);
      await until("the check ran", () => r.of("check").length > 0, 1_500 + impl.lateness);
      expect(r.of("check")[0]!.at).toBeGreaterThanOrEqual(when - CLOCK_SLACK);
      expect(r.of("check")[0]!.id).toBe("g-time");
    });

    it("a check scheduled twice runs once; another generation's check is separate", async () => {
      const r = recorder();
      const s = await start(r.handlers);
      const when = Date.now() + 300;
      await Promise.all([s.checkAt("g-twice", when), s.checkAt("g-twice", when), s.checkAt("g-other", when)]);
      await s.checkAt("g-twice", when + 200);
      await until("both checks ran", () => r.of("check", "g-twice").length > 0 && r.of("check", "g-other").length > 0, 500 + impl.lateness);
      await sleep(1_500); // a few more polls: nothing else is waiting
      expect(r.of("check", "g-twice")).toHaveLength(1);
      expect(r.of("check", "g-other")).toHaveLength(1);
    });

    it("a handler can schedule its own generation's next check (how the lifecycle re-arms)", async () => {
      const r = recorder();
      const handlers: JobHandlers = {
        ...r.handlers,
        check: async (id) => {
          await r.handlers.check(id);
          if (r.of("check", id).length === 1) await s.checkAt(id, Date.now() + 300);
        },
      };
      const s = await start(handlers);
      await s.checkAt("g-rearm", Date.now());
      await until("the re-armed check ran", () => r.of("check", "g-rearm").length === 2, 2 * impl.lateness + 300);
      expect(r.of("check", "g-rearm")[1]!.at - r.of("check", "g-rearm")[0]!.at).toBeGreaterThanOrEqual(300 - CLOCK_SLACK);
    });

    it("a check whose handler throws is retried, and stops once it succeeds", async () => {
      const r = recorder();
      r.failOnce.add("g-flaky");
      const s = await start(r.handlers);
      await s.checkAt("g-flaky", Date.now());
      await until("the retry succeeded", () => r.of("check", "g-flaky").some((run) => run.done), 10_000);
      await sleep(1_500);
      const runs = r.of("check", "g-flaky");
      expect(runs.map((run) => run.done)).toEqual([false, true]);
    });

    it("wake-ups during a pump coalesce into one more pump, and pumps never overlap", async () => {
      const r = recorder();
      const s = await start(r.handlers);
      void s.wakeSubmissions();
      await until("the first pump started", () => r.of("pump").length === 1, impl.lateness);
      const wokenAt = Date.now();
      for (let i = 0; i < 4; i++) void s.wakeSubmissions();
      await until("a pump started after the wake-ups", () => r.of("pump").some((run) => run.at >= wokenAt), 200 + 2 * impl.lateness);
      await until("pumps finished", () => r.of("pump").every((run) => run.done), 2_000);
      await sleep(1_500);
      expect(r.of("pump")).toHaveLength(2);
      expect(r.pumping.max).toBe(1);
    });

    it("every() runs a task soon after it is registered, and one task per name", async () => {
      const r = recorder();
      const s = await start(r.handlers);
      const ran: string[] = [];
      await s.every("sweep", 60_000, async () => void ran.push("first"));
      await s.every("sweep", 60_000, async () => void ran.push("second"));
      await until("the task ran", () => ran.length > 0, 10_000);
      await sleep(1_500);
      expect(ran).toEqual(["first"]);
    });

    it("stop() resolves only after running handlers have finished, and later calls do nothing", async () => {
      const r = recorder();
      r.slow.set("g-slow", 1_000);
      const s = await start(r.handlers);
      await s.checkAt("g-slow", Date.now());
      await until("the slow check started", () => r.of("check", "g-slow").length === 1, impl.lateness);
      await s.stop();
      expect(r.of("check", "g-slow")[0]!.done).toBe(true);
      await s.checkAt("g-after", Date.now());
      void s.wakeSubmissions();
      await sleep(700);
      expect(r.of("check", "g-after")).toEqual([]);
      expect(r.of("pump")).toEqual([]);
    });

    if (impl.shared) {
      describe("several instances on one store", () => {
        const sharedRecorders = () => {
          const a = recorder("a");
          const b = recorder("b", { runs: a.runs, pumping: a.pumping });
          return { a, b };
        };

        it("a recurring task runs on one instance only", async () => {
          // pg-boss sends at most one job per schedule per minute: keep the whole test inside one minute.
          const intoMinute = Date.now() % 60_000;
          if (intoMinute > 50_000) await sleep(60_000 - intoMinute + 500);
          const { a, b } = sharedRecorders();
          const [sa, sb] = [await start(a.handlers), await start(b.handlers)];
          const ran: string[] = [];
          await sa.every("sweep", 60_000, async () => void ran.push("a"));
          await sb.every("sweep", 60_000, async () => void ran.push("b"));
          await until("the task ran", () => ran.length > 0, 8_000);
          await sleep(3_000); // both instances' cron monitors and workers have looked several times
          expect(ran).toHaveLength(1);
        });

        it("four instances starting at the same moment on a fresh store all come up, and share the work", async () => {
          // pg-boss 10's create_queue deadlocked between two instances starting together (40P01): one came up with no queues.
          const first = recorder("a");
          const all = [first, ...["b", "c", "d"].map((name) => recorder(name, { runs: first.runs, pumping: first.pumping }))];
          const schedulers = await Promise.all(all.map((r) => start(r.handlers)));
          const when = Date.now() + 300;
          await Promise.all(schedulers.map((sch, i) => sch.checkAt(`g-${i}`, when)));
          await until("every instance's check ran", () => [0, 1, 2, 3].every((i) => first.of("check", `g-${i}`).length === 1), 300 + impl.lateness);
        });

        it("the same check scheduled by two instances runs once", async () => {
          const { a, b } = sharedRecorders();
          const [sa, sb] = [await start(a.handlers), await start(b.handlers)];
          const when = Date.now() + 500;
          await Promise.all([sa.checkAt("g-both", when), sb.checkAt("g-both", when)]);
          await until("the check ran", () => a.of("check", "g-both").length > 0, 500 + impl.lateness);
          await sleep(1_500);
          expect(a.of("check", "g-both")).toHaveLength(1);
        });

        it("a check scheduled by an instance that stopped is run by another", async () => {
          const { a, b } = sharedRecorders();
          const sa = await start(a.handlers);
          await sa.checkAt("g-handover", Date.now() + 1_000);
          await sa.stop();
          await start(b.handlers);
          await until("the check ran", () => a.of("check", "g-handover").length > 0, 1_000 + impl.lateness);
          expect(a.of("check", "g-handover").map((run) => run.instance)).toEqual(["b"]);
        });

        it("pumps never overlap across instances, and a wake-up on one is served", async () => {
          const { a, b } = sharedRecorders();
          const [sa, sb] = [await start(a.handlers), await start(b.handlers)];
          for (let i = 0; i < 6; i++) {
            void (i % 2 ? sa : sb).wakeSubmissions();
            await sleep(100);
          }
          const lastWake = Date.now();
          await until("a pump started after the last wake-up", () => a.of("pump").some((run) => run.at >= lastWake - 100), 3 * impl.lateness);
          await until("pumps finished", () => a.of("pump").every((run) => run.done), 3_000);
          expect(a.pumping.max).toBe(1);
          expect(a.of("pump").length).toBeGreaterThanOrEqual(2);
        });
      });
    }
  });
}

describe("pg-boss recurring tasks: cronFor", () => {
  it("turns an interval into a cron step with a minute's resolution", () => {
    expect(cronFor(5_000)).toBe("* * * * *"); // pg-boss cannot go below a minute
    expect(cronFor(60_000)).toBe("* * * * *");
    expect(cronFor(15 * 60_000)).toBe("*/15 * * * *");
    expect(cronFor(60 * 60_000)).toBe("0 * * * *");
    expect(cronFor(6 * 60 * 60_000)).toBe("0 */6 * * *");
    expect(cronFor(2 * 24 * 60 * 60_000)).toBe("0 0 * * *");
  });
});
