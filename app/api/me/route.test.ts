// @vitest-environment node
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getGeneration } from "@/lib/db/queries/generations";
import { getDeps } from "@/lib/generations/runtime";
import { filesUnder, ownerWithWork } from "@/test/harness";
import { startRouteEnv, type RouteEnv } from "@/test/route-env";
import { DELETE } from "./route";

let env: RouteEnv;
beforeAll(async () => {
  env = await startRouteEnv({ mode: "sync" });
});
afterAll(() => env.close());

const del = (cookie: string | null) => DELETE(new Request("http://localhost/api/me", { method: "DELETE", headers: cookie ? { cookie } : {} }), {});

describe("DELETE /api/me", () => {
  it("deletes the caller's data only, and a repeat finds nothing", async () => {
    const alice = env.owner();
    const bob = env.owner();
    const a = await ownerWithWork(getDeps(), alice.id, 2);
    const b = await ownerWithWork(getDeps(), bob.id, 1);
    const res = await del(alice.cookie);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ deleted: { generations: 2, faces: 1, files: 5 } });
    expect(await Promise.all(a.gens.map((g) => getGeneration(getDeps().db, g.id)))).toEqual([undefined, undefined]);
    const files = filesUnder(path.join(env.dataDir, "files"));
    expect(files.some((f) => f.includes(alice.id))).toBe(false);
    expect(files.some((f) => f.includes(bob.id))).toBe(true);
    expect((await getGeneration(getDeps().db, b.gens[0]!.id))?.status).toBe("succeeded");
    expect(await (await del(alice.cookie)).json()).toEqual({ deleted: { generations: 0, faces: 0, files: 0 } });
  });

  it("without a valid owner cookie → 401 and nothing is deleted", async () => {
    const carol = env.owner();
    const c = await ownerWithWork(getDeps(), carol.id, 1);
    for (const cookie of [null, `hs_owner=${carol.id}.forged`]) {
      const res = await del(cookie);
      expect(res.status).toBe(401);
    }
    expect(await getGeneration(getDeps().db, c.gens[0]!.id)).toBeDefined();
  });
});
