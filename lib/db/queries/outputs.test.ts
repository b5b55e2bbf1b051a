import { expect, it } from "vitest";
import { eachDialect, expectDbError, faceRow, generationRow, outputRow } from "@/test/db";
import type { Db } from "../client";
import type { NewOutputRow } from "../schema";
import { insertFaceOrGetExisting } from "./faces";
import { deleteGeneration, insertGeneration } from "./generations";
import { getOutput, insertOutputs, listOutputs, listOutputsForGenerations } from "./outputs";

// Ids differ by path, so "a repeat insert keeps the first row" can tell the two rows apart.
const out = (generationId: string, idx: number, over: Partial<NewOutputRow> = {}) => outputRow(generationId, idx, { id: `${generationId}-o${idx}-${over.path ?? "x"}`, ...over });

async function setup(db: Db) {
  await insertFaceOrGetExisting(db, faceRow({ id: "f1" }));
  await insertGeneration(db, generationRow("f1", { id: "g1" }));
  await insertGeneration(db, generationRow("f1", { id: "g2" }));
  return db;
}

eachDialect("outputs queries", (emptyDb) => {
  it("inserts outputs and lists them in idx order", async () => {
    const db = await setup(await emptyDb());
    expect(await insertOutputs(db, [out("g1", 1), out("g1", 0)])).toBe(2);
    expect((await listOutputs(db, "g1")).map((o) => o.idx)).toEqual([0, 1]);
    expect((await getOutput(db, "g1", 1))?.path).toBe("outputs/g1/1.png");
    expect(await getOutput(db, "g1", 7)).toBeUndefined();
    expect(await insertOutputs(db, [])).toBe(0);
  });

  it("is idempotent on (generationId, idx): a repeat insert keeps the first row", async () => {
    const db = await setup(await emptyDb());
    await insertOutputs(db, [out("g1", 0)]);
    expect(await insertOutputs(db, [out("g1", 0, { path: "outputs/g1/other.png" }), out("g1", 1)])).toBe(1);
    expect((await listOutputs(db, "g1")).map((o) => o.path)).toEqual(["outputs/g1/0.png", "outputs/g1/1.png"]);
  });

  it("rolls back the whole batch when one row fails", async () => {
    const db = await setup(await emptyDb());
    await expectDbError(insertOutputs(db, [out("g1", 0), out("missing-generation", 0)]), "foreign_key");
    expect(await listOutputs(db, "g1")).toEqual([]);
  });

  it("lists outputs for several generations at once", async () => {
    const db = await setup(await emptyDb());
    await insertOutputs(db, [out("g1", 0), out("g2", 0), out("g2", 1)]);
    const rows = await listOutputsForGenerations(db, ["g2", "g1"]);
    expect(rows.map((o) => `${o.generationId}/${o.idx}`)).toEqual(["g1/0", "g2/0", "g2/1"]);
    expect(await listOutputsForGenerations(db, [])).toEqual([]);
  });

  it("deleting a generation cascades to its outputs only", async () => {
    const db = await setup(await emptyDb());
    await insertOutputs(db, [out("g1", 0), out("g1", 1), out("g2", 0)]);
    expect(await deleteGeneration(db, "g1")).toBe(true);
    expect(await listOutputs(db, "g1")).toEqual([]);
    expect(await listOutputs(db, "g2")).toHaveLength(1);
  });
});
