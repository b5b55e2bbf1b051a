// @vitest-environment node
import { count } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { generations } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { createGeneration } from "@/lib/generations/create";
import { addFace, createHarness, type Harness } from "@/lib/generations/testing/harness";
import { params } from "@/lib/generations/testing/params";
import { quotaStatus } from "./status";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const OWNER = "o_quota";
const IP = "203.0.113.50";

describe("quota inside createGeneration", () => {
  it("refuses the sixth demo job with 429 before storing or sending anything", async () => {
    h = await createHarness({ sim: { mode: "sync" } });
    const face = await addFace(h.deps, OWNER);
    for (let i = 0; i < 5; i++) await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null, ip: IP });
    const calls = h.sim.stats().makeGenCalls;
    const refused = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null, ip: IP }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "quota_exceeded", status: 429 });
    expect((refused as AppError).retryAfterSeconds).toBeGreaterThan(0);
    expect(h.sim.stats().makeGenCalls).toBe(calls);
    expect(h.deps.db.select({ n: count() }).from(generations).get()?.n).toBe(5);
  });

  it("gives the unit back when make_gen refuses the job outright", async () => {
    h = await createHarness({ sim: { mode: "sync" } });
    const face = await addFace(h.deps, OWNER);
    const who = { ownerId: OWNER, ip: IP, audience: "demo" as const, staffSignInEnabled: false };
    const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id, { prompt: "p [sim:402]" }), idempotencyKey: null, ip: IP });
    expect(generation.status).toBe("failed");
    expect(quotaStatus(h.deps.db, { ...who, now: Date.now() }).remaining).toBe(5);
    await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null, ip: IP });
    expect(quotaStatus(h.deps.db, { ...who, now: Date.now() }).remaining).toBe(4);
  });
});
