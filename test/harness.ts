// The generation lifecycle wired for tests: a temp database and storage, a real simulator, and the request
// parameters and owners-with-work the lifecycle, privacy, quota and route tests start from.
import { createServer, type Server } from "node:http";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { closeDb, openDb, openPgDb, type Db, type SqliteDb } from "@/lib/db/client";
import { getByFaceToken, getGeneration } from "@/lib/db/queries/generations";
import { getFace } from "@/lib/db/queries/faces";
import { createGeneration, uploadFace } from "@/lib/generations/create";
import { handleWebhook } from "@/lib/generations/lifecycle";
import { resetQueueState } from "@/lib/generations/queue";
import { generationJobHandlers, type GenerationDeps } from "@/lib/generations/runtime";
import { createEmbeddedScheduler, type JobHandlers, type Scheduler } from "@/lib/generations/jobs/scheduler";
import { thumbnailsIdle } from "@/lib/images/thumbnails";
import { createModelsLabClient } from "@/lib/modelslab/client";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "@/simulator/server";
import { createLocalStorage } from "@/lib/storage/local-storage";
import { isUnfinished, type CreateGenerationInput } from "@/lib/validations/generation";

export const FIXTURES = path.join(process.cwd(), "e2e", "fixtures", "faces");
export const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The status of each generation, in the order of `ids` (undefined for a missing row). */
export const statuses = async (db: Db, ids: readonly string[]) => Promise.all(ids.map(async (id) => (await getGeneration(db, id))?.status));

export type Harness = {
  deps: GenerationDeps;
  sim: RunningSimulator;
  dir: string;
  dbFile: string;
  /** Opens the same database file again, as a restarted server would (its scheduler's timers are gone). */
  restart(): GenerationDeps;
  /**
   * Replaces parts of the deps (a fake clock, a failing upstream) from now on, for the test's own calls and for
   * what the scheduler runs (queue pumps, checks) alike.
   */
  use(overrides: Partial<Omit<GenerationDeps, "scheduler">>): GenerationDeps;
  close(): Promise<void>;
};

type HarnessOptions = {
  sim?: Partial<SimulatorOptions>;
  webhooks?: boolean;
  jobTimeoutMs?: number;
  upstreamTimeoutMs?: number;
  maxInFlight?: number;
  /**
   * Let the scheduler run each job's checks at their time, as the app does. Off by default: tests drive checks
   * themselves (advanceGeneration, sweepOnce — the status route's and the sweep's calls), so nothing races them.
   */
  scheduledChecks?: boolean;
  /** Another scheduler instead of the embedded one (the pg-boss one): started here, and its checks always run. */
  scheduler?: (handlers: JobHandlers) => Scheduler;
  /** The app's tables in this Postgres database (shared mode) instead of the SQLite file `dbFile`. */
  databaseUrl?: string;
};

/**
 * The job lifecycle wired to a temp database, temp storage and a real simulator. With `webhooks`, a
 * loopback server plays this app's public side: it serves face photos by token and receives webhooks.
 */
export async function createHarness(opts: HarnessOptions = {}): Promise<Harness> {
  resetQueueState(); // the queue's pause is per process; every harness starts as a fresh server would
  const dir = mkdtempSync(path.join(tmpdir(), "hs-gen-"));
  const dbFile = path.join(dir, "app.db");
  const sim = await startSimulator({ completeAfterMs: 300, ...opts.sim });
  const storage = createLocalStorage(path.join(dir, "files"));
  let current: GenerationDeps;
  const dbs: SqliteDb[] = [];
  const pgDb = opts.databaseUrl ? await openPgDb(opts.databaseUrl, { max: 8 }) : null;
  // The embedded scheduler, as the app wires it (queue pumps run at once), delivering to whatever `current` is.
  const newScheduler = (): Scheduler => {
    const handlers = generationJobHandlers(() => current);
    if (opts.scheduler) return opts.scheduler(handlers);
    return createEmbeddedScheduler({ handlers: opts.scheduledChecks ? handlers : { ...handlers, check: async () => undefined } });
  };
  let scheduler = newScheduler();
  await scheduler.start();
  const build = (publicBaseUrl: string | null): GenerationDeps => {
    let db: Db;
    if (pgDb) db = pgDb;
    else {
      const file = openDb(dbFile);
      dbs.push(file);
      db = file;
    }
    return {
      db,
      storage,
      upstream: createModelsLabClient({ baseUrl: sim.baseUrl, apiKey: "simulator-key", timeoutMs: opts.upstreamTimeoutMs ?? 5_000, warmupDelayMs: 20 }),
      config: { mode: "simulated", publicBaseUrl, jobTimeoutMs: opts.jobTimeoutMs ?? 60_000, faceTokenTtlMs: 60_000, maxInFlight: opts.maxInFlight ?? 4 },
      now: Date.now,
      scheduler,
    };
  };
  let receiver: Server | null = null;
  let publicBaseUrl: string | null = null;
  if (opts.webhooks) {
    receiver = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const url = req.url ?? "";
      try {
        const hook = url.match(/^\/api\/webhooks\/modelslab\/([^/]+)$/);
        if (hook && req.method === "POST") {
          const outcome = await handleWebhook(current, hook[1] ?? "", JSON.parse(Buffer.concat(chunks).toString("utf8")));
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ outcome }));
          return;
        }
        const face = url.match(/^\/api\/public\/faces\/([^/]+)$/);
        const gen = face ? await getByFaceToken(current.db, face[1] ?? "") : undefined;
        const row = gen ? await getFace(current.db, gen.faceId) : undefined;
        const bytes = row ? await storage.get(row.path) : null;
        if (bytes) {
          res.writeHead(200, { "content-type": "image/jpeg" }).end(bytes);
          return;
        }
        res.writeHead(404).end();
      } catch (error) {
        res.writeHead(400).end(String(error));
      }
    });
    await new Promise<void>((r) => receiver!.listen(0, "127.0.0.1", r));
    const addr = receiver.address();
    publicBaseUrl = typeof addr === "object" && addr ? `http://127.0.0.1:${addr.port}` : null;
  }
  current = build(publicBaseUrl);
  return {
    get deps() {
      return current;
    },
    sim,
    dir,
    dbFile,
    restart() {
      if (opts.scheduler) throw new Error("restart() models a restart with the embedded scheduler only");
      void scheduler.stop(); // the old process is gone: its timers with it
      scheduler = newScheduler();
      current = build(publicBaseUrl);
      return current;
    },
    use(overrides) {
      current = { ...current, ...overrides };
      return current;
    },
    async close() {
      await scheduler.stop();
      await thumbnailsIdle();
      await sim.close();
      if (receiver) await new Promise((r) => receiver!.close(r));
      for (const db of dbs) db.$client.close();
      if (pgDb) await closeDb(pgDb);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function addFace(deps: GenerationDeps, ownerId = "o_owner", name = "portrait-a.jpg") {
  return uploadFace(deps, ownerId, fixture(name));
}

/** Waits until the generation leaves queued/processing (or the deadline passes), calling `tick` between looks. */
export async function waitForEnd(deps: () => GenerationDeps, id: string, tick: () => Promise<unknown> = async () => undefined, ms = 8_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const gen = await getGeneration(deps().db, id);
    if (gen && !isUnfinished(gen.status)) return gen;
    if (Date.now() > deadline) return gen;
    await tick();
    await sleep(50);
  }
}

/** A valid create request for `faceId`, small and quick for the simulator. */
export function params(faceId: string, over: Partial<CreateGenerationInput> = {}): CreateGenerationInput {
  return {
    faceId,
    prompt: "studio headshot, navy blazer",
    negativePrompt: "blurry",
    width: 512,
    height: 640,
    steps: 21,
    guidanceScale: 7.5,
    seed: 1234,
    base64: false,
    ...over,
  };
}

/** A face and `n` finished generations (with outputs and thumbnails) for one owner. */
export async function ownerWithWork(deps: GenerationDeps, ownerId: string, n = 2, faceName = "portrait-a.jpg") {
  const face = await addFace(deps, ownerId, faceName);
  const gens = [];
  for (let i = 0; i < n; i++) {
    gens.push((await createGeneration(deps, { ownerId, input: params(face.id, { seed: i + 1 }), idempotencyKey: null })).generation);
  }
  // Thumbnails are made in the background after a job succeeds; the promise above includes them.
  await thumbnailsIdle();
  return { face, gens };
}

/** Every file under `root`, relative, sorted. */
export function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(path.relative(root, full));
    }
  };
  walk(root);
  return out.sort();
}
