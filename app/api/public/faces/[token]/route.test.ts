// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertGeneration, updateGeneration } from "@/lib/db/queries/generations";
import { newId, newSecret, uploadFace } from "@/lib/generations/create";
import { getDeps } from "@/lib/generations/runtime";
import { fixture } from "@/test/images";
import { startRouteEnv, type RouteEnv } from "@/test/route-env";
import { GET } from "./route";

let env: RouteEnv;
let faceId: string;
beforeAll(async () => {
  env = await startRouteEnv();
  faceId = (await uploadFace(getDeps(), env.owner().id, fixture("portrait-a.jpg"))).id;
});
afterAll(() => env.close());

/** A generation holding a face token, as createGeneration makes it when PUBLIC_BASE_URL is set. */
async function jobWithToken(expiresInMs: number) {
  const now = Date.now();
  const token = newSecret();
  const row = await insertGeneration(getDeps().db, {
    id: newId("g"), ownerId: "o_x", faceId, idempotencyKey: null, prompt: "p", negativePrompt: "", width: 512, height: 512, steps: 21,
    guidanceScale: 7.5, seed: 1, base64: false, status: "processing", webhookSecret: newSecret(), faceToken: token,
    faceTokenExpiresAt: now + expiresInMs, simulated: true, createdAt: now, updatedAt: now,
  });
  return { token, id: row.id };
}

const get = (token: string) => GET(new Request(`http://localhost/api/public/faces/${token}`), { params: Promise.resolve({ token }) });

describe("GET /api/public/faces/[token]", () => {
  it("serves the face to the upstream while the job runs, uncached and sandboxed", async () => {
    const res = await get((await jobWithToken(60_000)).token);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/jpeg");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-security-policy")).toContain("sandbox");
  });

  it("an expired token → 404", async () => {
    const res = await get((await jobWithToken(-1)).token);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found", message: "Not found." } });
  });

  it("a token reused after its job ended → 404", async () => {
    for (const status of ["succeeded", "failed"] as const) {
      const { token, id } = await jobWithToken(60_000);
      await updateGeneration(getDeps().db, id, { status });
      expect((await get(token)).status, status).toBe(404);
    }
  });

  it.each([
    ["unknown", "A".repeat(32)],
    ["too short", "abc"],
    ["too long", "A".repeat(33)],
    ["traversal", "..%2F..%2Fapp.db"],
    ["a face id instead of a token", "FACE"],
    ["empty", ""],
  ])("%s token → 404", async (_name, token) => {
    const res = await get(token === "FACE" ? faceId : token);
    expect(res.status).toBe(404);
  });
});
