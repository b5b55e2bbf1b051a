// @vitest-environment node
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { faces, generations, outputs } from "@/lib/db/schema";
import { createHarness, type Harness } from "@/lib/generations/testing/harness";
import { deleteOwnerData } from "./delete-owner";
import { filesUnder, ownerWithWork } from "./testing";

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
    expect(db.select().from(generations).where(eq(generations.ownerId, "o_alice")).all()).toEqual([]);
    expect(db.select().from(faces).where(eq(faces.ownerId, "o_alice")).all()).toEqual([]);
    for (const g of alice.gens) expect(db.select().from(outputs).where(eq(outputs.generationId, g.id)).all()).toEqual([]);
    const left = filesUnder(root);
    expect(left.filter((f) => f.includes("o_alice") || alice.gens.some((g) => f.includes(g.id)))).toEqual([]);

    expect(db.select().from(generations).where(eq(generations.ownerId, "o_bob")).all()).toHaveLength(1);
    expect(left).toEqual(expect.arrayContaining(bobFilesBefore));
    expect(left).toHaveLength(3);
  });

  it("an owner with nothing stored gets an empty result", async () => {
    h = await createHarness({ sim: { mode: "sync" } });
    expect(await deleteOwnerData(h.deps, "o_nobody")).toEqual({ generations: 0, faces: 0, files: 0 });
  });
});
