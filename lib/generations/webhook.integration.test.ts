// @vitest-environment node
import { afterEach, describe, expect, it } from "vitest";
import { getGeneration } from "@/lib/db/queries/generations";
import { AppError } from "@/lib/errors";
import { addFace, createHarness, params, type Harness } from "@/test/harness";
import { createGeneration } from "./create";
import { handleWebhook } from "./lifecycle";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function queuedJob() {
  // Webhooks dropped by the simulator: these tests deliver them by hand.
  h = await createHarness({ sim: { mode: "queued", completeAfterMs: 60_000, webhook: { drop: true, delayMs: 0, duplicate: false } } });
  const face = await addFace(h.deps);
  const { generation } = await createGeneration(h.deps, { ownerId: "o_owner", input: params(face.id), idempotencyKey: null });
  return { h, generation };
}

const code = async (p: Promise<unknown>) => p.then(() => "ok", (e: unknown) => (e instanceof AppError ? e.status : String(e)));

describe("webhook handling", () => {
  it("refuses an unknown secret", async () => {
    const { h } = await queuedJob();
    expect(await code(handleWebhook(h.deps, "not-a-secret", { status: "failed", message: "x" }))).toBe(404);
  });

  it("refuses a body for another job and a body that names no job", async () => {
    const { h, generation } = await queuedJob();
    expect(await code(handleWebhook(h.deps, generation.webhookSecret, { status: "failed", message: "x", track_id: "g_someoneelse" }))).toBe(403);
    expect(await code(handleWebhook(h.deps, generation.webhookSecret, { status: "failed", message: "x", id: 999999, track_id: generation.id }))).toBe(403);
    expect(await code(handleWebhook(h.deps, generation.webhookSecret, "garbage"))).toBe(400);
    expect((await getGeneration(h.deps.db, generation.id))?.status).toBe("processing");
  });

  it("a failure webhook ends the job, and a repeat changes nothing", async () => {
    const { h, generation } = await queuedJob();
    const body = { status: "failed", id: Number(generation.upstreamId), messege: "Processing failed: out of memory", track_id: generation.id };
    expect(await handleWebhook(h.deps, generation.webhookSecret, body)).toBe("accepted");
    const failed = await getGeneration(h.deps.db, generation.id);
    expect(failed).toMatchObject({ status: "failed" });
    expect(failed?.failureMessage).toMatch(/out of memory/);
    await handleWebhook(h.deps, generation.webhookSecret, body);
    expect((await getGeneration(h.deps.db, generation.id))?.updatedAt).toBe(failed?.updatedAt);
  });
});
