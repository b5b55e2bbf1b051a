// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getGeneration } from "@/lib/db/queries/generations";
import { createGeneration, uploadFace } from "@/lib/generations/create";
import { getDeps } from "@/lib/generations/runtime";
import { params } from "@/test/harness";
import { fixture } from "@/test/images";
import { startRouteEnv, type RouteEnv } from "@/test/route-env";
import { DELETE, GET } from "./route";

let env: RouteEnv;
let alice: { id: string; cookie: string };
let genId: string;

beforeAll(async () => {
  env = await startRouteEnv({ mode: "sync" });
  alice = env.owner();
  const face = await uploadFace(getDeps(), alice.id, fixture("portrait-a.jpg"));
  genId = (await createGeneration(getDeps(), { ownerId: alice.id, input: params(face.id), idempotencyKey: null })).generation.id;
});
afterAll(() => env.close());

const call = (handler: typeof GET, id: string, cookie: string | null, method = "GET") =>
  handler(new Request(`http://localhost/api/generations/${encodeURIComponent(id)}`, { method, headers: cookie ? { cookie } : {} }), {
    params: Promise.resolve({ id }),
  });

describe("/api/generations/[id] with hostile ids and cookies", () => {
  it("the owner sees the job", async () => {
    expect((await call(GET, genId, alice.cookie)).status).toBe(200);
  });

  it("another owner, a forged cookie or no cookie → 404 for GET and DELETE, and nothing is deleted", async () => {
    const forged = `hs_owner=${alice.id}.${"A".repeat(43)}`;
    for (const cookie of [env.owner().cookie, forged, null]) {
      expect((await call(GET, genId, cookie)).status).toBe(404);
      expect((await call(DELETE, genId, cookie, "DELETE")).status).toBe(404);
    }
    expect(await getGeneration(getDeps().db, genId)).toBeDefined();
  });

  it.each(["../../app.db", "g_doesnotexist", "x".repeat(5000), "' OR 1=1 --", "%00"])("id %j → 404", async (id) => {
    const res = await call(GET, id, alice.cookie);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });
});
