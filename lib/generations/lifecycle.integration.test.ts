// @vitest-environment node
import sharp from "sharp";
import { afterEach, describe, expect, it, vi } from "vitest";
import { listOutputs } from "@/lib/db/queries/outputs";
import { getGeneration } from "@/lib/db/queries/generations";
import { addFace, createHarness, params, sleep, waitForEnd, type Harness } from "@/test/harness";
import { createGeneration } from "./create";
import { advanceGeneration } from "./lifecycle";
import { sweepOnce } from "./sweeper";
import { thumbnailsIdle } from "@/lib/images/thumbnails";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const OWNER = "o_owner";

async function start(opts: Parameters<typeof createHarness>[0] = {}) {
  h = await createHarness(opts);
  const face = await addFace(h.deps, OWNER);
  return { h, face };
}

describe("generation lifecycle against the simulator", () => {
  it("sync: stores the output and a WebP thumbnail at the requested size", async () => {
    const { h, face } = await start({ sim: { mode: "sync" } });
    const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null });
    expect(generation.status).toBe("succeeded");
    const [out] = await listOutputs(h.deps.db, generation.id);
    const bytes = await h.deps.storage.get(out!.path);
    expect(await sharp(bytes!).metadata()).toMatchObject({ format: "png", width: 512, height: 640 });
    // The thumbnail is made after the job is marked succeeded, off the response path.
    await thumbnailsIdle();
    expect((await sharp((await h.deps.storage.get(out!.thumbPath))!).metadata()).format).toBe("webp");
  });

  it("queued → succeeded by polling, not fetching before the ETA", async () => {
    const { h, face } = await start({ sim: { mode: "queued", completeAfterMs: 400 } });
    const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null });
    expect(generation.status).toBe("processing");
    expect(generation.upstreamId).toBeTruthy();
    await advanceGeneration(h.deps, generation.id);
    expect(h.sim.stats().fetchCalls).toBe(0);
    const done = await waitForEnd(() => h.deps, generation.id, () => advanceGeneration(h.deps, generation.id));
    expect(done?.status).toBe("succeeded");
    expect(await listOutputs(h.deps.db, generation.id)).toHaveLength(1);
  });

  it("queued → succeeded by webhook, with the face sent as a tokenised URL", async () => {
    const { h, face } = await start({ webhooks: true, sim: { mode: "queued", completeAfterMs: 200 } });
    const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null });
    const done = await waitForEnd(() => h.deps, generation.id);
    expect(done?.status).toBe("succeeded");
    expect(h.sim.stats().fetchCalls).toBe(0);
    const body = h.sim.received().at(-1)!.body;
    expect(String(body.face_image)).toMatch(/\/api\/public\/faces\/[A-Za-z0-9_-]{32}$/);
    expect(body.track_id).toBe(generation.id);
  });

  it("duplicated webhooks are harmless", async () => {
    const { h, face } = await start({ webhooks: true, sim: { mode: "queued", completeAfterMs: 150, webhook: { drop: false, delayMs: 0, duplicate: true } } });
    const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null });
    expect((await waitForEnd(() => h.deps, generation.id))?.status).toBe("succeeded");
    await sleep(300);
    expect(await listOutputs(h.deps.db, generation.id)).toHaveLength(1);
  });

  it("the sweeper finishes jobs nobody polls", async () => {
    const { h, face } = await start({ sim: { mode: "queued", completeAfterMs: 200 } });
    const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null });
    const done = await waitForEnd(() => h.deps, generation.id, () => sweepOnce(h.deps));
    expect(done?.status).toBe("succeeded");
  });

  it("the scheduler's checks alone finish a job nobody polls or sweeps, fetching only when due", async () => {
    const { h, face } = await start({ scheduledChecks: true, sim: { mode: "queued", completeAfterMs: 1_200 } });
    const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null });
    expect(generation.status).toBe("processing");
    const done = await waitForEnd(() => h.deps, generation.id); // no tick: nothing but the scheduler moves it
    expect(done?.status).toBe("succeeded");
    expect(await listOutputs(h.deps.db, generation.id)).toHaveLength(1);
    // The first check waits for the ETA (≥ 1 s); later ones back off: a handful of fetches, not one per tick.
    expect(h.sim.stats().fetchCalls).toBeGreaterThanOrEqual(1);
    expect(h.sim.stats().fetchCalls).toBeLessThanOrEqual(3);
  });

  it("a job that flips to failed ends failed with the upstream's message", async () => {
    const { h, face } = await start({ sim: { mode: "queued", completeAfterMs: 150 } });
    const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id, { prompt: "headshot [sim:fail]" }), idempotencyKey: null });
    const done = await waitForEnd(() => h.deps, generation.id, () => advanceGeneration(h.deps, generation.id));
    expect(done?.status).toBe("failed");
    expect(done?.failureMessage).toMatch(/failed/i);
  });

  it("a job stuck in processing times out, and a late success is still accepted", async () => {
    const { h, face } = await start({ jobTimeoutMs: 600, sim: { mode: "queued", completeAfterMs: 100 } });
    const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id, { prompt: "headshot [sim:stuck]" }), idempotencyKey: null });
    const ended = await waitForEnd(() => h.deps, generation.id, () => advanceGeneration(h.deps, generation.id));
    expect(ended).toMatchObject({ status: "failed", failureReason: "timeout" });

    const { applyUpstreamResult } = await import("./lifecycle");
    const other = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id, { prompt: "headshot [sim:sync]" }), idempotencyKey: null });
    const late = await h.deps.upstream.fetchResult(other.generation.upstreamId!);
    expect(late.kind).toBe("done");
    await applyUpstreamResult(h.deps, generation.id, late, "webhook");
    expect((await getGeneration(h.deps.db, generation.id))?.status).toBe("succeeded");
  });

  it("a restarted server picks up the unfinished job", async () => {
    const { h, face } = await start({ sim: { mode: "queued", completeAfterMs: 300 } });
    const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null });
    const fresh = h.restart();
    const done = await waitForEnd(() => fresh, generation.id, () => sweepOnce(fresh));
    expect(done?.status).toBe("succeeded");
  });

  it("outputs stay served after the simulator's retention deletes them", async () => {
    const { h, face } = await start({ sim: { mode: "sync" } });
    const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null });
    expect((await h.deps.upstream.fetchResult(generation.upstreamId!)).kind).toBe("done");
    await fetch(`${h.sim.origin}/__sim/expire`, { method: "POST" });
    const after = await h.deps.upstream.fetchResult(generation.upstreamId!);
    expect(after.kind).toBe("failed");
    const [out] = await listOutputs(h.deps.db, generation.id);
    expect((await h.deps.storage.get(out!.path))?.length).toBeGreaterThan(1000);
  });

  it("GPS EXIF never reaches the simulator nor storage", async () => {
    const { h } = await start({ sim: { mode: "sync" } });
    const face = await addFace(h.deps, OWNER, "group-3-faces-gps.jpg");
    const stored = (await h.deps.storage.get(face.path))!;
    expect((await sharp(stored).metadata()).exif).toBeUndefined();
    await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null });
    const received = h.sim.received().at(-1)!.faceImageBytes!;
    expect((await sharp(received).metadata()).exif).toBeUndefined();
    expect(received.includes(Buffer.from("GPS"))).toBe(false);
  });

  it("the same idempotency key creates one billable job", async () => {
    const { h, face } = await start({ sim: { mode: "sync" } });
    const input = params(face.id);
    const [a, b] = await Promise.all([
      createGeneration(h.deps, { ownerId: OWNER, input, idempotencyKey: "key-12345678" }),
      createGeneration(h.deps, { ownerId: OWNER, input, idempotencyKey: "key-12345678" }),
    ]);
    expect(a.generation.id).toBe(b.generation.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(h.sim.stats().makeGenCalls).toBe(1);
  });

  it("the same idempotency key with other settings is refused (409), the same settings again still return the first job", async () => {
    const { h, face } = await start({ sim: { mode: "sync" } });
    const first = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: "key-abcdefgh" });
    for (const other of [{ prompt: "something else" }, { width: 768 }, { seed: 99 }, { seed: undefined }, { base64: true }, { guidanceScale: 7.6 }]) {
      const refused = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id, other), idempotencyKey: "key-abcdefgh" }).catch((e: unknown) => e);
      expect(refused, JSON.stringify(other)).toMatchObject({ status: 409, message: "This Idempotency-Key was already used for a request with other settings." });
    }
    const again = await createGeneration(h.deps, { ownerId: OWNER, input: { ...params(face.id) }, idempotencyKey: "key-abcdefgh" });
    expect(again).toMatchObject({ created: false, generation: { id: first.generation.id } });
    // Another owner may use the same key for anything.
    const face2 = await addFace(h.deps, "o_other");
    expect((await createGeneration(h.deps, { ownerId: "o_other", input: params(face2.id, { prompt: "x" }), idempotencyKey: "key-abcdefgh" })).created).toBe(true);
    expect(h.sim.stats().makeGenCalls).toBe(2);
  });

  it("no answer from make_gen: no resubmit, the job stays open with a notice", async () => {
    const { h, face } = await start({ upstreamTimeoutMs: 300, sim: { mode: "sync" } });
    const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id, { prompt: "x [sim:hang]" }), idempotencyKey: null });
    expect(generation).toMatchObject({ status: "processing", failureReason: "no_answer" });
    expect(h.sim.stats().makeGenCalls).toBe(1);
  });

  it("base64 transport: face sent as data URI, .base64 outputs decoded into a real PNG", async () => {
    const { h, face } = await start({ sim: { mode: "sync" } });
    const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id, { base64: true }), idempotencyKey: null });
    const body = h.sim.received().at(-1)!.body;
    expect(String(body.face_image)).toMatch(/^data:image\/jpeg;base64,/);
    expect(body.base64).toBe(true);
    expect(generation.status).toBe("succeeded");
    const [out] = await listOutputs(h.deps.db, generation.id);
    expect((await sharp((await h.deps.storage.get(out!.path))!).metadata()).format).toBe("png");
  });

  it("a remix with the same face, parameters and seed sends the same request and gets identical bytes", async () => {
    const { h, face } = await start({ sim: { mode: "sync" } });
    const first = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null });
    const again = await addFace(h.deps, OWNER, "portrait-a.jpg");
    expect(again.id).toBe(face.id);
    const second = await createGeneration(h.deps, { ownerId: OWNER, input: params(again.id), idempotencyKey: null });
    const [a, b] = h.sim.received().slice(-2).map((r) => ({ ...r.body, track_id: undefined, webhook: undefined }));
    expect(a).toEqual(b);
    const bytes = async (id: string) => h!.deps.storage.get((await listOutputs(h!.deps.db, id))[0]!.path);
    expect((await bytes(first.generation.id))!.equals((await bytes(second.generation.id))!)).toBe(true);
  });

  it("a garbled make_gen answer may have been billed: the job stays open, nothing is resubmitted", async () => {
    const { h, face } = await start({ sim: { mode: "sync" } });
    const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id, { prompt: "p [sim:garbage]" }), idempotencyKey: null });
    expect(generation).toMatchObject({ status: "processing", failureReason: "no_answer" });
    expect(h.sim.stats().makeGenCalls).toBe(1);
  });

  it("upstream refusals end failed with a person-readable message", async () => {
    const { h, face } = await start({ sim: { mode: "sync" } });
    const cases: [string, RegExp][] = [
      ["[sim:402]", /credits/i],
      ["[sim:503]", /unavailable/i],
    ];
    for (const [token, message] of cases) {
      const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id, { prompt: `p ${token}` }), idempotencyKey: null });
      expect(generation.status, token).toBe("failed");
      expect(generation.failureMessage, token).toMatch(message);
      expect(generation.failureMessage, token).not.toMatch(/[{}<]/);
    }
  });
});

describe("idempotency across processes", () => {
  it("a row inserted by another process with the same key wins; no second make_gen", async () => {
    const { h, face } = await start({ sim: { mode: "sync" } });
    const other = h.restart();
    const first = await createGeneration(other, { ownerId: OWNER, input: params(face.id), idempotencyKey: "shared-key-1" });
    // This process looked the key up before the other's insert landed: simulate by hiding it from the look-up.
    const { findByIdempotencyKey } = await import("@/lib/db/queries/generations");
    let calls = 0;
    const spy = vi.spyOn(await import("@/lib/db/queries/generations"), "findByIdempotencyKey").mockImplementation(async (d, o, k) => (calls++ === 0 ? undefined : await findByIdempotencyKey(d, o, k)));
    const again = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: "shared-key-1" });
    spy.mockRestore();
    // Hidden from the first look-up, found again after the unique index refused the copy.
    expect(calls).toBe(2);
    expect(again).toMatchObject({ created: false, generation: { id: first.generation.id } });
    expect(h.sim.stats().makeGenCalls).toBe(1);
  });

  it("the copy refused by the unique index is compared too: other settings are a 409", async () => {
    const { h, face } = await start({ sim: { mode: "sync" } });
    const other = h.restart();
    await createGeneration(other, { ownerId: OWNER, input: params(face.id), idempotencyKey: "shared-key-2" });
    const queries = await import("@/lib/db/queries/generations");
    const { findByIdempotencyKey } = queries;
    let calls = 0;
    const spy = vi.spyOn(queries, "findByIdempotencyKey").mockImplementation(async (d, o, k) => (calls++ === 0 ? undefined : await findByIdempotencyKey(d, o, k)));
    const refused = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id, { steps: 10 }), idempotencyKey: "shared-key-2" }).catch((e: unknown) => e);
    spy.mockRestore();
    expect(refused).toMatchObject({ status: 409 });
    expect(h.sim.stats().makeGenCalls).toBe(1);
  });
});
