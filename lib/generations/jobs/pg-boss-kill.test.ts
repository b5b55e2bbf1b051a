// @vitest-environment node
// A job whose worker dies is finished by another instance: a child process (node + tsx) starts a pg-boss
// scheduler, takes a check and is SIGKILLed in the middle of its handler; a second scheduler here picks the job
// up after its expiry (2 s here; DEFAULT_TUNING documents production's numbers) and runs it to completion. The
// handler's side effect — a line in a file — is completed exactly once.
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "@/test/postgres";
import { createPgBossScheduler, type PgBossSchedulerOptions } from "./pg-boss-scheduler";
import type { Scheduler } from "./scheduler";

/** Both processes' settings: fast polling and maintenance, and a 2 s expiry, so the dead worker's job is retried in seconds. */
const KILL_TEST_TUNING = {
  pollingIntervalSeconds: 0.5,
  maintenanceIntervalSeconds: 1,
  cronIntervalSeconds: 1,
  stopTimeoutMs: 5_000,
  tuning: { check: { expireInSeconds: 2, retryLimit: 2, retryDelaySeconds: 0, retryBackoff: false } },
} satisfies Omit<PgBossSchedulerOptions, "connectionString" | "handlers">;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let child: ChildProcess | undefined;
let scheduler: Scheduler | undefined;
let db: TestDatabase | undefined;
let dir: string | undefined;
afterEach(async () => {
  child?.kill("SIGKILL");
  await scheduler?.stop();
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it("a check taken by a process that is SIGKILLed mid-handler is finished by another scheduler, exactly once", { timeout: 60_000 }, async () => {
  db = await freshDatabase("kill");
  dir = mkdtempSync(path.join(tmpdir(), "hs-kill-"));
  const file = path.join(dir, "side-effects.log");
  const lines = () => {
    try {
      return readFileSync(file, "utf8").trim().split("\n").filter(Boolean);
    } catch {
      return [];
    }
  };

  child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "test/pg-boss-child.ts", db.url, file, "g-kill", JSON.stringify(KILL_TEST_TUNING)], {
    cwd: process.cwd(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child!.stdout?.on("data", (d: Buffer) => d.toString().includes("started") && resolve());
    child!.once("exit", (code) => reject(new Error(`the child exited (${code}) before taking the job: ${stderr}`)));
  });
  expect(lines()).toEqual(["start g-kill child"]);
  const exited = new Promise((r) => child!.once("exit", r));
  child.kill("SIGKILL");
  await exited;
  const killedAt = Date.now();

  scheduler = createPgBossScheduler({
    connectionString: db.url,
    ...KILL_TEST_TUNING,
    handlers: {
      check: async (id) => {
        appendFileSync(file, `start ${id} survivor\n`);
        await sleep(200);
        appendFileSync(file, `done ${id} survivor\n`);
      },
      submissions: () => undefined,
    },
  });
  await scheduler.start();
  const deadline = Date.now() + 20_000;
  while (!lines().some((l) => l.startsWith("done")) && Date.now() < deadline) await sleep(100);
  const finishedAfterMs = Date.now() - killedAt;
  await sleep(3_000); // several more maintenance passes and polls: nothing runs it again
  expect(lines()).toEqual(["start g-kill child", "start g-kill survivor", "done g-kill survivor"]);
  console.info(`kill test: the survivor finished the job ${finishedAfterMs} ms after the SIGKILL (expiry 2 s, maintenance every 1 s)`);
});
