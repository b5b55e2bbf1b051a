import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { closeDb, openPgDb, type Db, type PgDb } from "@/lib/db/client";
import * as pgSchema from "@/lib/db/pg-schema";
import type { NewGenerationRow } from "@/lib/db/schema";
import { allFaces, allGenerations, eachDialect, expectDbError, faceRow, generationRow, outputRow } from "@/test/db";
import { getFace, insertFaceOrGetExisting } from "./faces";
import { insertOutputs, listOutputs } from "./outputs";
import { deleteExpiredFaceRows, deleteOwnerRows, deleteRows, rowsForOwner } from "./privacy";
import { insertGenerationWithinQuota } from "./quotas";
import { getPerson, insertPersonIfRoom, insertShoot } from "./shoots";

// Generations through an app query that both dialects already serve: no allowance, so nothing is counted.
async function addGeneration(db: Db, row: NewGenerationRow): Promise<void> {
  const result = await insertGenerationWithinQuota(db, { generationId: row.id, allowances: [], now: 0 }, row);
  if (!result.ok) throw new Error("an empty spend is never refused");
}


/** Alice: two faces (fa2 the oldest), three generations (two with outputs); Bob: one face, one generation from it. */
async function twoOwners(db: Db) {
  await insertFaceOrGetExisting(db, faceRow({ id: "fa1", ownerId: "alice", path: "faces/alice/fa1.jpg", createdAt: 900 }));
  await insertFaceOrGetExisting(db, faceRow({ id: "fa2", ownerId: "alice", path: "faces/alice/fa2.jpg", createdAt: 500 }));
  await insertFaceOrGetExisting(db, faceRow({ id: "fb1", ownerId: "bob", path: "faces/bob/fb1.jpg", createdAt: 1_000 }));
  await addGeneration(db, generationRow("fa1", { id: "ga1", ownerId: "alice", status: "succeeded" }));
  await addGeneration(db, generationRow("fa1", { id: "ga2", ownerId: "alice", status: "failed" }));
  await addGeneration(db, generationRow("fa2", { id: "ga3", ownerId: "alice", status: "succeeded" }));
  await addGeneration(db, generationRow("fb1", { id: "gb1", ownerId: "bob", status: "succeeded" }));
  await insertOutputs(db, [outputRow("ga1", 0), outputRow("ga1", 1), outputRow("ga3", 0), outputRow("gb1", 0)]);
}

const sorted = <T>(xs: T[]) => [...xs].sort();

eachDialect("privacy queries", (emptyDb, dialect) => {
  it("rowsForOwner lists an owner's generations, faces and output files; deleteOwnerRows deletes exactly those", async () => {
    const db = await emptyDb();
    await twoOwners(db);
    // A shoot person whose photo and favourite are Alice's (a person is the owner of their shoot work).
    await insertShoot(db, { id: "s1", name: "s", prompt: "p", negativePrompt: "", width: 512, height: 512, steps: 20, guidanceScale: 5, seed: 1, variants: 1, regenerations: 0, crops: "[]", createdAt: 1, updatedAt: 1 });
    await insertPersonIfRoom(db, { id: "p1", shootId: "s1", name: "Ann", source: "staff", faceId: "fa1", favouriteOutputId: "o_ga1_0", createdAt: 1, updatedAt: 1 }, 10);

    const listed = await rowsForOwner(db, "alice");
    expect(sorted(listed.generationIds)).toEqual(["ga1", "ga2", "ga3"]);
    expect(sorted(listed.faces.map((f) => f.id))).toEqual(["fa1", "fa2"]);
    expect(listed.faces.find((f) => f.id === "fa1")).toMatchObject({ ownerId: "alice", path: "faces/alice/fa1.jpg", width: 600, createdAt: 900 });
    expect(sorted(listed.outputPaths)).toEqual(sorted(["outputs/ga1/0.png", "thumbs/ga1/0.webp", "outputs/ga1/1.png", "thumbs/ga1/1.webp", "outputs/ga3/0.png", "thumbs/ga3/0.webp"]));
    expect(await rowsForOwner(db, "nobody")).toEqual({ generationIds: [], faces: [], outputPaths: [] });

    const gone = await deleteOwnerRows(db, "alice");
    expect({ ...gone, generationIds: sorted(gone.generationIds), faces: sorted(gone.faces.map((f) => f.id)), outputPaths: sorted(gone.outputPaths) }).toEqual({
      ...listed,
      generationIds: sorted(listed.generationIds),
      faces: sorted(listed.faces.map((f) => f.id)),
      outputPaths: sorted(listed.outputPaths),
    });
    expect((await allGenerations(db)).map((g) => g.id)).toEqual(["gb1"]);
    expect((await allFaces(db)).map((f) => f.id)).toEqual(["fb1"]);
    expect(await listOutputs(db, "ga1")).toEqual([]); // by cascade
    expect(await listOutputs(db, "gb1")).toHaveLength(1);
    expect(await getPerson(db, "p1")).toMatchObject({ faceId: null, favouriteOutputId: null }); // set null, person kept
    expect(await deleteOwnerRows(db, "alice")).toEqual({ generationIds: [], faces: [], outputPaths: [] });
  });

  it("deleteRows deletes the listed rows in one transaction: a face another generation still uses fails it all", async () => {
    const db = await emptyDb();
    await twoOwners(db);
    const fa1 = await getFace(db, "fa1");
    if (!fa1) throw new Error("fa1 is there");
    // fa1 is also used by ga2, which is not listed: the face delete fails and ga1's delete is rolled back.
    await expectDbError(deleteRows(db, { generationIds: ["ga1"], faces: [fa1], outputPaths: [] }), "foreign_key");
    expect(sorted((await allGenerations(db)).map((g) => g.id))).toEqual(["ga1", "ga2", "ga3", "gb1"]);
    expect(await listOutputs(db, "ga1")).toHaveLength(2);

    await deleteRows(db, { generationIds: ["ga1", "ga2"], faces: [fa1], outputPaths: [] });
    expect(sorted((await allGenerations(db)).map((g) => g.id))).toEqual(["ga3", "gb1"]);
    expect(await getFace(db, "fa1")).toBeUndefined();
    await deleteRows(db, { generationIds: [], faces: [], outputPaths: [] }); // nothing to do is fine
  });

  it("deleteExpiredFaceRows takes the generations made from an expired face whoever owns them, with their files", async () => {
    const db = await emptyDb();
    await twoOwners(db);
    // Bob made a generation from Alice's face fa2 (as a shoot does with a person's photo).
    await addGeneration(db, generationRow("fa2", { id: "gb_from_fa2", ownerId: "bob", status: "succeeded" }));
    await insertOutputs(db, [outputRow("gb_from_fa2", 0)]);
    const gone = await deleteExpiredFaceRows(db, 1_001, 1); // the oldest: fa2
    expect(gone.faces.map((f) => f.id)).toEqual(["fa2"]);
    expect(sorted(gone.generationIds)).toEqual(["ga3", "gb_from_fa2"]);
    expect(sorted(gone.outputPaths)).toEqual(sorted(["outputs/ga3/0.png", "thumbs/ga3/0.webp", "outputs/gb_from_fa2/0.png", "thumbs/gb_from_fa2/0.webp"]));
    for (const id of gone.generationIds) expect(await listOutputs(db, id)).toEqual([]);
    expect((await deleteExpiredFaceRows(db, 1_001, 10)).faces.map((f) => f.id)).toEqual(["fa1", "fb1"]);
    expect(await allGenerations(db)).toEqual([]);
  });

  if (dialect === "postgres") {
    const secondPool = async (db: Db): Promise<PgDb> => {
      if (db.engine !== "pg") throw new Error("expected Postgres");
      const url = db.$client.options.connectionString;
      if (!url) throw new Error("the test pool has no connection string");
      return openPgDb(url, { max: 2 });
    };

    /** Opens a transaction on `pool` that inserts `row` and stays open (uncommitted) until `commit()`. */
    async function openInsert(pool: PgDb, row: NewGenerationRow) {
      let commit!: () => void;
      const gate = new Promise<void>((resolve) => (commit = resolve));
      let inserted!: () => void;
      const insertedNow = new Promise<void>((resolve) => (inserted = resolve));
      const done = pool.transaction(async (tx) => {
        await tx.insert(pgSchema.generations).values(row);
        inserted();
        await gate;
      });
      await Promise.race([insertedNow, done]);
      return { commit, done };
    }

    /**
     * Polls until some statement of this database waits for a lock (true), or until `pending` settles
     * first (false): whether a query got stuck behind the open transaction, without guessing a delay.
     */
    async function waitsForLock(db: Db, pending: Promise<unknown>): Promise<boolean> {
      if (db.engine !== "pg") throw new Error("expected Postgres");
      let settled = false;
      void pending.then(
        () => (settled = true),
        () => (settled = true),
      );
      for (;;) {
        const waiting = await db.execute(sql`select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
        if (waiting.rows.length > 0) return true;
        if (settled) return false;
        await new Promise((r) => setTimeout(r, 10));
      }
    }

    it("deleteOwnerRows waits for a generation being inserted from the owner's face and deletes it too (row locks)", async () => {
      const db = await emptyDb();
      await twoOwners(db);
      const other = await secondPool(db);
      try {
        const racing = await openInsert(other, generationRow("fa1", { id: "g_late", ownerId: "alice" }));
        const deleting = deleteOwnerRows(db, "alice");
        // The deletion reaches the face lock the racing insert holds before that insert commits.
        expect(await waitsForLock(db, deleting)).toBe(true);
        racing.commit();
        await racing.done;
        const gone = await deleting;
        expect(sorted(gone.generationIds)).toEqual(["g_late", "ga1", "ga2", "ga3"]);
        expect((await allGenerations(db)).map((g) => g.id)).toEqual(["gb1"]);
      } finally {
        await closeDb(other);
      }
    });

    it("deleteExpiredFaceRows skips a face another transaction holds instead of waiting (SKIP LOCKED)", async () => {
      const db = await emptyDb();
      await twoOwners(db);
      const other = await secondPool(db);
      try {
        const racing = await openInsert(other, generationRow("fb1", { id: "g_new", ownerId: "bob", status: "queued" }));
        const deleting = deleteExpiredFaceRows(db, 1_001, 10);
        const blocked = await waitsForLock(db, deleting);
        racing.commit();
        await racing.done;
        expect(blocked).toBe(false);
        expect(sorted((await deleting).faces.map((f) => f.id))).toEqual(["fa1", "fa2"]);
        expect((await allFaces(db)).map((f) => f.id)).toEqual(["fb1"]);
        expect(sorted((await allGenerations(db)).map((g) => g.id))).toEqual(["g_new", "gb1"]);
      } finally {
        await closeDb(other);
      }
    });
  }
});
