import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { getFace } from "@/lib/db/queries/faces";
import { getGeneration, updateGeneration } from "@/lib/db/queries/generations";
import { listOutputs } from "@/lib/db/queries/outputs";
import { allFaces, allGenerations, quotaEventRows, setFaceCreatedAt } from "@/test/db";
import { createHarness, filesUnder, ownerWithWork, type Harness } from "@/test/harness";
import { DAY_MS, deleteOwnerData, retentionPass, sweepExpiredFaces } from "./privacy";
import { DEFAULT_QUOTA_POLICY } from "./quota-policy";
import { consumeQuota } from "./quotas";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("deleteOwnerData", () => {
  it("removes every row and file of the owner and nothing of anyone else", async () => {
    h = await createHarness({ sim: { mode: "sync" } });
    const alice = await ownerWithWork(h.deps, "o_alice", 2, "portrait-a.jpg");
    await ownerWithWork(h.deps, "o_alice", 1, "portrait-c.jpg");
    const bob = await ownerWithWork(h.deps, "o_bob", 1, "portrait-a.jpg");
    const root = path.join(h.dir, "files");
    const bobFilesBefore = filesUnder(root).filter((f) => f.includes("o_bob") || f.includes(bob.gens[0]!.id));
    expect(bobFilesBefore).toHaveLength(3);

    const removed = await deleteOwnerData(h.deps, "o_alice");
    expect(removed).toEqual({ generations: 3, faces: 2, files: 8 });

    const db = h.deps.db;
    expect((await allGenerations(db)).filter((g) => g.ownerId === "o_alice")).toEqual([]);
    expect((await allFaces(db)).filter((f) => f.ownerId === "o_alice")).toEqual([]);
    for (const g of alice.gens) expect(await listOutputs(db, g.id)).toEqual([]);
    const left = filesUnder(root);
    expect(left.filter((f) => f.includes("o_alice") || alice.gens.some((g) => f.includes(g.id)))).toEqual([]);

    expect((await allGenerations(db)).filter((g) => g.ownerId === "o_bob")).toHaveLength(1);
    expect(left).toEqual(expect.arrayContaining(bobFilesBefore));
    expect(left).toHaveLength(3);
  });

  it("an owner with nothing stored gets an empty result", async () => {
    h = await createHarness({ sim: { mode: "sync" } });
    expect(await deleteOwnerData(h.deps, "o_nobody")).toEqual({ generations: 0, faces: 0, files: 0 });
  });
});

const age = (h: Harness, faceId: string, days: number) => setFaceCreatedAt(h.deps.db, faceId, Date.now() - days * DAY_MS);

describe("sweepExpiredFaces", () => {
  it("deletes faces older than the retention with their generations, outputs and thumbnails — rows and files", async () => {
    h = await createHarness({ sim: { mode: "sync" } });
    const old = await ownerWithWork(h.deps, "o_old", 2, "portrait-a.jpg");
    const fresh = await ownerWithWork(h.deps, "o_fresh", 1, "portrait-b.jpg");
    await age(h, old.face.id, 31);
    await age(h, fresh.face.id, 29);
    const root = path.join(h.dir, "files");
    const oldFiles = [old.face.path, ...(await Promise.all(old.gens.map((g) => listOutputs(h!.deps.db, g.id)))).flat().flatMap((o) => [o.path, o.thumbPath])];
    expect(oldFiles).toHaveLength(5);
    for (const f of oldFiles) expect(filesUnder(root)).toContain(f);

    const removed = await sweepExpiredFaces(h.deps, 30);
    expect(removed).toEqual({ generations: 2, faces: 1, files: 5 });
    expect(await getFace(h.deps.db, old.face.id)).toBeUndefined();
    for (const g of old.gens) {
      expect(await getGeneration(h.deps.db, g.id)).toBeUndefined();
      expect(await listOutputs(h.deps.db, g.id)).toEqual([]);
    }
    const left = filesUnder(root);
    for (const f of oldFiles) expect(left).not.toContain(f);
    expect(left.some((f) => f.includes("o_old") || old.gens.some((g) => f.includes(g.id)))).toBe(false);

    // The younger face and its work are untouched.
    expect(await getFace(h.deps.db, fresh.face.id)).toBeDefined();
    expect((await getGeneration(h.deps.db, fresh.gens[0]!.id))?.status).toBe("succeeded");
    expect(left).toContain(fresh.face.path);
    expect(left).toContain((await listOutputs(h.deps.db, fresh.gens[0]!.id))[0]!.path);
  });

  it("keeps an expired face while a job using it is still running, and takes it on a later pass", async () => {
    h = await createHarness({ sim: { mode: "sync" } });
    const { face, gens } = await ownerWithWork(h.deps, "o_busy", 1);
    await age(h, face.id, 40);
    await updateGeneration(h.deps.db, gens[0]!.id, { status: "processing" });
    expect((await sweepExpiredFaces(h.deps, 30)).faces).toBe(0);
    expect(await getFace(h.deps.db, face.id)).toBeDefined();
    await updateGeneration(h.deps.db, gens[0]!.id, { status: "failed" });
    expect((await sweepExpiredFaces(h.deps, 30)).faces).toBe(1);
    expect(await getGeneration(h.deps.db, gens[0]!.id)).toBeUndefined();
  });

  it("uses the configured number of days", async () => {
    h = await createHarness({ sim: { mode: "sync" } });
    const { face } = await ownerWithWork(h.deps, "o_days", 0);
    await age(h, face.id, 2);
    expect((await sweepExpiredFaces(h.deps, 3)).faces).toBe(0);
    expect((await sweepExpiredFaces(h.deps, 1)).faces).toBe(1);
  });
});

describe("retentionPass", () => {
  it("also prunes quota events older than every window (they count for nothing and may hold addresses)", async () => {
    h = await createHarness({ sim: { mode: "sync" } });
    const now = h.deps.now();
    const spend = (generationId: string, at: number) =>
      consumeQuota(h!.deps.db, { ownerId: "o_q", ip: "198.51.100.4", audience: "demo", generationId, now: at, policy: DEFAULT_QUOTA_POLICY });
    await spend("g_old", now - 2 * DAY_MS);
    await spend("g_new", now - DAY_MS / 2);
    await retentionPass(h.deps, 30, DEFAULT_QUOTA_POLICY);
    const left = await quotaEventRows(h.deps.db);
    expect(new Set(left.map((e) => e.generationId))).toEqual(new Set(["g_new"]));
  });
});
