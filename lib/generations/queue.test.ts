// @vitest-environment node
// The submission queue: at most maxInFlight jobs unfinished at the upstream, oldest first, nothing lost or
// sent twice across a restart. (The 429 pause is a row of the fault matrix: faults.integration.test.ts.)
import { afterEach, describe, expect, it } from "vitest";
import { countInFlight, extendQueuePause, getGeneration } from "@/lib/db/queries/generations";
import { freshDatabase, type TestDatabase } from "@/test/postgres";
import { addFace, createHarness, params, sleep, statuses, waitForEnd, type Harness } from "@/test/harness";
import { createGeneration } from "./create";
import { generationDto } from "./read";
import { resetQueueState } from "./queue";
import { sweepOnce } from "./sweeper";

let h: Harness | undefined;
let pg: TestDatabase | undefined;
afterEach(async () => {
  await h?.close();
  await pg?.drop();
  h = undefined;
  pg = undefined;
});

const OWNER = "o_queue";

describe("submission queue", () => {
  it("never has more than maxInFlight jobs at the upstream, sends them oldest first, and shows each its place", async () => {
    h = await createHarness({ sim: { mode: "queued", completeAfterMs: 250, queueLimit: 100 }, maxInFlight: 2 });
    const deps = h.deps;
    const face = await addFace(deps, OWNER);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { generation } = await createGeneration(deps, { ownerId: OWNER, input: params(face.id, { prompt: `job ${i}` }), idempotencyKey: null, audience: "staff" });
      ids.push(generation.id);
    }
    expect(h.sim.stats().makeGenCalls).toBe(2);
    expect(await Promise.all(ids.slice(2).map(async (id) => (await generationDto(deps, (await getGeneration(deps.db, id))!)).queuePosition))).toEqual([0, 1, 2, 3]);
    expect((await generationDto(deps, (await getGeneration(deps.db, ids[0]!))!)).queuePosition).toBeNull();

    let peak = 0;
    const deadline = Date.now() + 15_000;
    while ((await statuses(deps.db, ids)).some((s) => s !== "succeeded") && Date.now() < deadline) {
      peak = Math.max(peak, await countInFlight(deps.db));
      await sweepOnce(deps); // polls the upstream; finished jobs free their slot and the next one goes out
      peak = Math.max(peak, await countInFlight(deps.db));
      await sleep(40);
    }
    expect(await statuses(deps.db, ids)).toEqual(Array(6).fill("succeeded"));
    expect(peak).toBeLessThanOrEqual(2);
    expect(h.sim.stats().makeGenCalls).toBe(6); // no duplicates
    expect(h.sim.received().map((r) => r.body.prompt)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `job ${i}`));
  });

  it("jobs still waiting when the server stops are sent after the restart, each exactly once", async () => {
    h = await createHarness({ sim: { mode: "queued", completeAfterMs: 200, queueLimit: 100 }, maxInFlight: 1 });
    const face = await addFace(h.deps, OWNER);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id, { prompt: `r ${i}` }), idempotencyKey: null, audience: "staff" });
      ids.push(generation.id);
    }
    expect(h.sim.stats().makeGenCalls).toBe(1);
    resetQueueState(); // the process is gone: only the database remains
    const after = h.restart();
    for (const id of ids) await waitForEnd(() => after, id, () => sweepOnce(after), 10_000);
    expect(await statuses(after.db, ids)).toEqual(["succeeded", "succeeded", "succeeded"]);
    expect(h.sim.stats().makeGenCalls).toBe(3);
  });

  it("a 429 pause another instance recorded holds this instance's pump until it ends (shared mode, on Postgres)", async () => {
    pg = await freshDatabase("queue_pause");
    h = await createHarness({ sim: { mode: "queued", completeAfterMs: 100, queueLimit: 100 }, maxInFlight: 4, databaseUrl: pg.url });
    const deps = h.deps;
    const face = await addFace(deps, OWNER);
    // What instance B wrote when its make_gen got a 429 with retry_after: this process has no timer and no memory of it.
    const until = await extendQueuePause(deps.db, Date.now() + 1_500);
    const { generation } = await createGeneration(deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null, audience: "staff" });
    await sweepOnce(deps);
    expect(h.sim.stats().makeGenCalls).toBe(0);
    expect((await getGeneration(deps.db, generation.id))?.submittedAt).toBeNull();
    await sleep(Math.max(0, until - Date.now()) + 50);
    await waitForEnd(() => deps, generation.id, () => sweepOnce(deps), 10_000);
    expect((await getGeneration(deps.db, generation.id))?.status).toBe("succeeded");
    expect(h.sim.stats().makeGenCalls).toBe(1);
  });

  it("a waiting job does not time out: its clock starts when it is sent", async () => {
    h = await createHarness({ sim: { mode: "queued", completeAfterMs: 100, queueLimit: 100 }, maxInFlight: 1, jobTimeoutMs: 1_600 });
    const face = await addFace(h.deps, OWNER);
    const first = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null, audience: "staff" });
    const second = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id, { prompt: "second" }), idempotencyKey: null, audience: "staff" });
    expect(second.generation.submittedAt).toBeNull();
    const deps = h.deps;
    await waitForEnd(() => deps, first.generation.id, () => sweepOnce(deps));
    const done = await waitForEnd(() => deps, second.generation.id, () => sweepOnce(deps));
    expect(done?.status).toBe("succeeded");
    expect(done!.completedAt! - done!.createdAt).toBeGreaterThan(1_600); // longer than the timeout, counted from creation
  });
});
