// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getGeneration } from "@/lib/db/queries/generations";
import type { GenerationRow } from "@/lib/db/schema";
import { createGeneration, uploadFace } from "@/lib/generations/create";
import { getDeps } from "@/lib/generations/runtime";
import { params } from "@/test/harness";
import { fixture } from "@/test/images";
import { errorOf, startRouteEnv, type RouteEnv } from "@/test/route-env";
import { POST } from "./route";

let env: RouteEnv;
let mine: GenerationRow;
let other: GenerationRow;

beforeAll(async () => {
  // Queued jobs that stay open; the simulator's own webhooks are dropped so only these tests deliver any.
  env = await startRouteEnv({ mode: "queued", completeAfterMs: 600_000, webhook: { drop: true, delayMs: 0, duplicate: false } });
  const owner = env.owner().id;
  const face = await uploadFace(getDeps(), owner, fixture("portrait-a.jpg"));
  mine = (await createGeneration(getDeps(), { ownerId: owner, input: params(face.id), idempotencyKey: null })).generation;
  other = (await createGeneration(getDeps(), { ownerId: owner, input: params(face.id, { seed: 7 }), idempotencyKey: null })).generation;
  expect(mine.status).toBe("processing");
});
afterAll(() => env.close());

const hook = (secret: string, body: string) =>
  POST(new Request(`http://localhost/api/webhooks/modelslab/${secret}`, { method: "POST", body, headers: { "content-type": "application/json" } }), {
    params: Promise.resolve({ secret }),
  });
const failure = (g: GenerationRow) => JSON.stringify({ status: "failed", id: Number(g.upstreamId), track_id: g.id, message: "boom" });

describe("POST /api/webhooks/modelslab/[secret]", () => {
  it("a wrong or malformed secret → 404 and nothing changes", async () => {
    for (const secret of ["A".repeat(32), "", "../../generations", mine.webhookSecret.slice(0, -1)]) {
      const res = await hook(secret, failure(mine));
      expect(res.status, secret).toBe(404);
      expect((await errorOf(res)).message).toBe("Unknown webhook.");
    }
    expect((await getGeneration(getDeps().db, mine.id))?.status).toBe("processing");
  });

  it("a body for another job (by track_id or upstream id) → 403", async () => {
    expect((await hook(mine.webhookSecret, failure(other))).status).toBe(403);
    const wrongUpstream = JSON.stringify({ status: "failed", id: Number(other.upstreamId), message: "boom" });
    expect((await hook(mine.webhookSecret, wrongUpstream)).status).toBe(403);
    expect((await getGeneration(getDeps().db, mine.id))?.status).toBe("processing");
    expect((await getGeneration(getDeps().db, other.id))?.status).toBe("processing");
  });

  it("garbage bodies → 400, an oversized body → 413", async () => {
    for (const body of ["not json", "", "[]", "null", '{"status":"success"}']) {
      const res = await hook(mine.webhookSecret, body);
      expect(res.status, body).toBe(400);
    }
    const huge = JSON.stringify({ status: "success", track_id: mine.id, output: ["x".repeat(3 * 1024 * 1024)] });
    expect((await hook(mine.webhookSecret, huge)).status).toBe(413);
    expect((await getGeneration(getDeps().db, mine.id))?.status).toBe("processing");
  });

  it("the right secret with its own job's body is accepted", async () => {
    const res = await hook(mine.webhookSecret, failure(mine));
    expect(res.status).toBe(200);
    expect((await getGeneration(getDeps().db, mine.id))?.status).toBe("failed");
  });
});
