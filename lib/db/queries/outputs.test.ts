import { describe, expect, it } from "vitest";
import { faceRow, generationRow, memoryDb } from "@/test/db";
import type { NewOutputRow } from "../schema";
import { insertFaceOrGetExisting } from "./faces";
import { deleteGeneration, insertGeneration } from "./generations";
import { getOutput, insertOutputs, listOutputs, listOutputsForGenerations } from "./outputs";

const out = (generationId: string, idx: number, over: Partial<NewOutputRow> = {}): NewOutputRow => ({
  id: `${generationId}-o${idx}-${over.path ?? "x"}`,
  generationId,
  idx,
  path: `outputs/${generationId}/${idx}.png`,
  thumbPath: `thumbs/${generationId}/${idx}.webp`,
  width: 1024,
  height: 1024,
  bytes: 999,
  createdAt: 5,
  ...over,
});

function setup() {
  const db = memoryDb();
  insertFaceOrGetExisting(db, faceRow({ id: "f1" }));
  insertGeneration(db, generationRow("f1", { id: "g1" }));
  insertGeneration(db, generationRow("f1", { id: "g2" }));
  return db;
}

describe("outputs queries", () => {
  it("inserts outputs and lists them in idx order", () => {
    const db = setup();
    expect(insertOutputs(db, [out("g1", 1), out("g1", 0)])).toBe(2);
    expect(listOutputs(db, "g1").map((o) => o.idx)).toEqual([0, 1]);
    expect(getOutput(db, "g1", 1)?.path).toBe("outputs/g1/1.png");
    expect(getOutput(db, "g1", 7)).toBeUndefined();
    expect(insertOutputs(db, [])).toBe(0);
  });

  it("is idempotent on (generationId, idx): a repeat insert keeps the first row", () => {
    const db = setup();
    insertOutputs(db, [out("g1", 0)]);
    expect(insertOutputs(db, [out("g1", 0, { path: "outputs/g1/other.png" }), out("g1", 1)])).toBe(1);
    expect(listOutputs(db, "g1").map((o) => o.path)).toEqual(["outputs/g1/0.png", "outputs/g1/1.png"]);
  });

  it("rolls back the whole batch when one row fails", () => {
    const db = setup();
    expect(() => insertOutputs(db, [out("g1", 0), out("missing-generation", 0)])).toThrow(/FOREIGN KEY/);
    expect(listOutputs(db, "g1")).toEqual([]);
  });

  it("lists outputs for several generations at once", () => {
    const db = setup();
    insertOutputs(db, [out("g1", 0), out("g2", 0), out("g2", 1)]);
    const rows = listOutputsForGenerations(db, ["g2", "g1"]);
    expect(rows.map((o) => `${o.generationId}/${o.idx}`)).toEqual(["g1/0", "g2/0", "g2/1"]);
    expect(listOutputsForGenerations(db, [])).toEqual([]);
  });

  it("deleting a generation cascades to its outputs only", () => {
    const db = setup();
    insertOutputs(db, [out("g1", 0), out("g1", 1), out("g2", 0)]);
    expect(deleteGeneration(db, "g1")).toBe(true);
    expect(listOutputs(db, "g1")).toEqual([]);
    expect(listOutputs(db, "g2")).toHaveLength(1);
  });
});
