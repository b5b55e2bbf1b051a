// @vitest-environment node
// The generation code in shared mode: the app's tables and pg-boss's jobs in one fresh Postgres database, as
// DATABASE_URL wires them (lib/generations/runtime.ts). Nobody polls and nothing sweeps: every
// submission is a wake-up delivered through the pg-boss queue, every check a pg-boss job at the row's next-check
// time, re-armed by the handler — and the in-flight cap still holds, because it is the database's claim.
import { afterEach, expect, it } from "vitest";
import { countInFlight, getGeneration } from "@/lib/db/queries/generations";
import { createPgBossScheduler } from "@/lib/generations/jobs/pg-boss-scheduler";
import { addFace, createHarness, params, sleep, statuses, type Harness } from "@/test/harness";
import { freshDatabase, type TestDatabase } from "@/test/postgres";
import { createGeneration } from "./create";

let h: Harness | undefined;
let db: TestDatabase | undefined;
afterEach(async () => {
  await h?.close();
  await db?.drop();
  h = undefined;
  db = undefined;
});

it("five jobs, two upstream slots, nobody polling: pg-boss's wake-ups and checks finish them all, oldest first, each sent once", { timeout: 60_000 }, async () => {
  db = await freshDatabase("gen_boss");
  const url = db.url;
  h = await createHarness({
    sim: { mode: "queued", completeAfterMs: 600, queueLimit: 100 },
    maxInFlight: 2,
    databaseUrl: url,
    scheduler: (handlers) => createPgBossScheduler({ connectionString: url, handlers, pollingIntervalSeconds: 0.5, stopTimeoutMs: 5_000 }),
  });
  const deps = h.deps;
  const face = await addFace(deps, "o_boss");
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const { generation } = await createGeneration(deps, { ownerId: "o_boss", input: params(face.id, { prompt: `job ${i}` }), idempotencyKey: null, audience: "staff" });
    ids.push(generation.id);
    // Distinct creation times: "oldest first" breaks ties by random id, which would make the order below a coin toss.
    await sleep(3);
  }
  let peak = 0;
  const deadline = Date.now() + 40_000;
  while ((await statuses(deps.db, ids)).some((s) => s !== "succeeded") && Date.now() < deadline) {
    peak = Math.max(peak, await countInFlight(deps.db));
    await sleep(50);
  }
  expect(await statuses(deps.db, ids)).toEqual(Array(5).fill("succeeded"));
  expect(peak).toBeLessThanOrEqual(2);
  expect(h.sim.stats().makeGenCalls).toBe(5);
  expect(h.sim.received().map((r) => r.body.prompt).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `job ${i}`));
  // Oldest first is the order of the claims (two claimed together may still reach the upstream in either order).
  const submitted = await Promise.all(ids.map(async (id) => (await getGeneration(deps.db, id))?.submittedAt ?? Number.POSITIVE_INFINITY));
  expect(submitted).toEqual([...submitted].sort((a, b) => a - b));
});
