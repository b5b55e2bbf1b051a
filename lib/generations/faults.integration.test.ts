// @vitest-environment node
// Fault-matrix rows (README "Upstream faults") not already covered by lifecycle/webhook integration tests.
import { afterEach, describe, expect, it } from "vitest";
import { getGeneration } from "@/lib/db/queries/generations";
import { listOutputs } from "@/lib/db/queries/outputs";
import { AppError } from "@/lib/errors";
import { createModelsLabClient } from "@/lib/modelslab/client";
import type { MakeGenResult } from "@/lib/modelslab/types";
import type { BlobStore } from "@/lib/storage/blob-store";
import { allGenerations, quotaEventRows } from "@/test/db";
import { addFace, createHarness, params, sleep, waitForEnd, type Harness } from "@/test/harness";
import { createGeneration } from "./create";
import { advanceGeneration, applyUpstreamResult, handleWebhook } from "./lifecycle";
import { pumpQueue } from "./queue";
import type { GenerationDeps } from "./runtime";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const OWNER = "o_faults";

async function start(opts: Parameters<typeof createHarness>[0] = {}) {
  h = await createHarness(opts);
  const face = await addFace(h.deps, OWNER);
  return { h, face };
}

const refunded = async (deps: GenerationDeps, id: string) => (await quotaEventRows(deps.db, id)).every((e) => e.refundedAt !== null);

describe("upstream faults end in a clear state, with nothing lost and no duplicate billable call", () => {
  it("connect timeout before sending: failed 'unavailable', never resubmitted, quota given back", async () => {
    const { h, face } = await start({ sim: { mode: "sync" } });
    let calls = 0;
    const refuseToConnect = (async () => {
      calls++;
      throw Object.assign(new TypeError("fetch failed"), { cause: { code: "UND_ERR_CONNECT_TIMEOUT" } });
    }) as typeof fetch;
    const deps = h.use({ upstream: createModelsLabClient({ baseUrl: h.sim.baseUrl, apiKey: "simulator-key", fetchImpl: refuseToConnect }) });
    const { generation } = await createGeneration(deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null });
    expect(generation).toMatchObject({ status: "failed", failureReason: "unavailable" });
    expect(generation.failureMessage).toMatch(/unavailable|try again/i);
    expect(calls).toBe(1);
    expect(await refunded(deps, generation.id)).toBe(true);
  });

  it("429 with retry_after on make_gen: back in the queue, submissions paused for retry_after; after 3 refusals failed with the wait in the message, quota given back", async () => {
    const { h, face } = await start({ sim: { mode: "sync" } });
    let clock = Date.now();
    const deps = h.use({ now: () => clock });
    const { generation } = await createGeneration(deps, { ownerId: OWNER, input: params(face.id, { prompt: "p [sim:429]" }), idempotencyKey: null });
    expect(generation).toMatchObject({ status: "queued", submittedAt: null, failureReason: null });
    expect(h.sim.stats().makeGenCalls).toBe(1);
    // Paused: another job waits behind it, and nothing is sent before retry_after (30 s) has passed.
    const other = await createGeneration(deps, { ownerId: OWNER, input: params(face.id, { prompt: "p other" }), idempotencyKey: null });
    expect(other.generation).toMatchObject({ status: "queued", submittedAt: null });
    clock += 29_000;
    await pumpQueue(deps);
    expect(h.sim.stats().makeGenCalls).toBe(1);
    clock += 2_000;
    await pumpQueue(deps);
    // Both waiting jobs go out, oldest first; the refused one is refused again, which pauses the line again.
    await waitForEnd(() => deps, other.generation.id);
    expect((await getGeneration(h.deps.db, other.generation.id))?.status).toBe("succeeded");
    expect(h.sim.stats().makeGenCalls).toBe(3);
    expect(await getGeneration(h.deps.db, generation.id)).toMatchObject({ status: "queued", submittedAt: null });
    clock += 31_000;
    await pumpQueue(deps);
    await waitForEnd(() => deps, generation.id);
    const failed = await getGeneration(h.deps.db, generation.id);
    expect(failed).toMatchObject({ status: "failed", failureReason: "rate_limited" });
    expect(failed?.failureMessage).toMatch(/30 s/);
    expect(h.sim.stats().makeGenCalls).toBe(4); // three refusals of that job, one call for the other
    expect(await refunded(h.deps, generation.id)).toBe(true);
  });

  it("'Try Again' (model warming up) is retried a bounded number of times, then fails with quota given back", async () => {
    const { h, face } = await start({ sim: { mode: "sync" } });
    const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id, { prompt: "p [sim:try-again=9]" }), idempotencyKey: null });
    expect(generation.status).toBe("failed");
    expect(generation.failureMessage).toMatch(/warming up/);
    expect(h.sim.stats().makeGenCalls).toBe(4); // the first call plus 3 warm-up retries
    expect(await refunded(h.deps, generation.id)).toBe(true);
  });

  it("5xx or 429 while polling: the job stays open and is checked again later (after retry_after)", async () => {
    const { h, face } = await start({ sim: { mode: "queued", completeAfterMs: 150 } });
    const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null });
    const now = Date.now();
    await applyUpstreamResult(h.deps, generation.id, { kind: "failed", reason: "unavailable", message: "x", retryable: true, ambiguous: false, retryAfterSeconds: null, detail: "HTTP 500" }, "fetch");
    expect((await getGeneration(h.deps.db, generation.id))?.status).toBe("processing");
    await applyUpstreamResult(h.deps, generation.id, { kind: "failed", reason: "rate_limited", message: "x", retryable: true, ambiguous: false, retryAfterSeconds: 30, detail: "HTTP 429" }, "fetch");
    const after = (await getGeneration(h.deps.db, generation.id))!;
    expect(after.status).toBe("processing");
    expect(after.nextCheckAt).toBeGreaterThanOrEqual(now + 29_000);
    // Once due, it finishes normally.
    const later = { ...h.deps, now: () => Date.now() + 31_000 };
    expect((await waitForEnd(() => later, generation.id, () => advanceGeneration(later, generation.id)))?.status).toBe("succeeded");
    expect(h.sim.stats().makeGenCalls).toBe(1);
  });

  it("an output URL that 404s at download: failed 'expired' with a clear message", async () => {
    const { h, face } = await start({ sim: { mode: "sync" } });
    const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id, { prompt: "p [sim:bad-output]" }), idempotencyKey: null });
    expect(generation).toMatchObject({ status: "failed", failureReason: "expired" });
    expect(generation.failureMessage).toMatch(/expired/);
    expect(await listOutputs(h.deps.db, generation.id)).toHaveLength(0);
  });

  it("a result whose files already expired upstream when it arrives: failed 'expired', nothing stored", async () => {
    const { h, face } = await start({ sim: { mode: "queued", completeAfterMs: 100 } });
    const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null });
    await sleep(300);
    const done = await h.deps.upstream.fetchResult(generation.upstreamId!);
    expect(done.kind).toBe("done");
    await fetch(`${h.sim.origin}/__sim/expire`, { method: "POST" });
    await applyUpstreamResult(h.deps, generation.id, done, "webhook");
    expect(await getGeneration(h.deps.db, generation.id)).toMatchObject({ status: "failed", failureReason: "expired" });
  });

  it("disk full while saving: the job stays open, then finishes on a later check without a second make_gen", async () => {
    const { h, face } = await start({ sim: { mode: "queued", completeAfterMs: 100 } });
    let failNext = true;
    const flaky: BlobStore = {
      ...h.deps.storage,
      async put(key, bytes) {
        if (failNext && key.startsWith("outputs/")) {
          failNext = false;
          throw new AppError("internal", "Could not save the image. Please try again.", { detail: `storage put ${key} failed: ENOSPC (disk full)` });
        }
        return h.deps.storage.put(key, bytes);
      },
    };
    const deps = { ...h.deps, storage: flaky };
    const { generation } = await createGeneration(deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null });
    await sleep(300);
    // Due once the first poll interval has passed (1 s after submission).
    const due = { ...deps, now: () => Date.now() + 1_500 };
    await advanceGeneration(due, generation.id);
    const open = (await getGeneration(deps.db, generation.id))!;
    expect(failNext).toBe(false);
    expect(open).toMatchObject({ status: "processing" });
    expect(open.nextCheckAt).toBeGreaterThan(due.now());
    const later = { ...deps, now: () => Date.now() + 8_000 };
    await advanceGeneration(later, generation.id);
    expect((await getGeneration(deps.db, generation.id))?.status).toBe("succeeded");
    expect(await listOutputs(deps.db, generation.id)).toHaveLength(1);
    expect(h.sim.stats().makeGenCalls).toBe(1);
  });

  it("a webhook that arrives before the make_gen response is stored is accepted; the late response changes nothing", async () => {
    const { h, face } = await start({ sim: { mode: "sync" } });
    // A real finished job on the simulator supplies downloadable outputs for the early webhook.
    const real = await h.deps.upstream.makeGen({
      prompt: "p", negativePrompt: "", faceImage: { kind: "base64", dataUri: `data:image/jpeg;base64,${(await h.deps.storage.get(face.path))!.toString("base64")}` },
      width: 512, height: 640, steps: 21, guidanceScale: 7.5, seed: 1, base64: false, webhookUrl: null, trackId: "warm",
    });
    if (real.kind !== "done") throw new Error(`expected a done job, got ${real.kind}`);
    let answer!: (r: MakeGenResult) => void;
    const pending = new Promise<MakeGenResult>((r) => (answer = r));
    let makeGenCalls = 0;
    const deps = h.use({ upstream: { ...h.deps.upstream, makeGen: () => {
      makeGenCalls++;
      return pending;
    } } });

    const creating = createGeneration(deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null });
    await sleep(50);
    const [gen] = (await allGenerations(deps.db)).map((g) => ({ id: g.id, secret: g.webhookSecret }));
    const webhook = { status: "success", id: 4242, track_id: gen!.id, output: real.outputs.map((o) => o.url), meta: { seed: 1 } };
    expect(await handleWebhook(deps, gen!.secret, webhook)).toBe("accepted");
    expect(await getGeneration(deps.db, gen!.id)).toMatchObject({ status: "succeeded", upstreamId: "4242" });

    answer({ kind: "queued", upstreamId: "4242", etaSeconds: 10, futureOutputs: [], seed: 1 });
    const { generation } = await creating;
    expect(generation).toMatchObject({ status: "succeeded", upstreamId: "4242" });
    expect(await listOutputs(deps.db, gen!.id)).toHaveLength(1);
    expect(makeGenCalls).toBe(1);
  });
});
