import { describe, expect, it } from "vitest";
import { faceRow, generationRow, memoryDb } from "../test-helpers";
import { insertFaceOrGetExisting } from "./faces";
import {
  deleteGeneration,
  dueGenerations,
  findByIdempotencyKey,
  getByFaceToken,
  getByWebhookSecret,
  getGeneration,
  getOwnedGeneration,
  insertGeneration,
  unfinishedGenerations,
  updateGeneration,
} from "./generations";

function setup() {
  const db = memoryDb();
  insertFaceOrGetExisting(db, faceRow({ id: "f1" }));
  return db;
}

describe("generations queries", () => {
  it("inserts and reads a generation with typed columns", () => {
    const db = setup();
    const row = insertGeneration(db, generationRow("f1", { id: "g1", base64: true, guidanceScale: 3.5, seed: 4_294_967_295 }));
    expect(row.checkCount).toBe(0);
    const got = getGeneration(db, "g1");
    expect(got).toMatchObject({ id: "g1", base64: true, simulated: true, guidanceScale: 3.5, seed: 4_294_967_295, status: "queued" });
    expect(getOwnedGeneration(db, "g1", "owner-a")?.id).toBe("g1");
    expect(getOwnedGeneration(db, "g1", "owner-b")).toBeUndefined();
  });

  it("rejects seeds outside 0..2^32-1, unknown statuses and unknown faces", () => {
    const db = setup();
    expect(() => insertGeneration(db, generationRow("f1", { seed: 4_294_967_296 }))).toThrow(/CHECK/);
    expect(() => insertGeneration(db, generationRow("f1", { seed: -1 }))).toThrow(/CHECK/);
    // @ts-expect-error -- proving the database refuses what the type already forbids
    expect(() => insertGeneration(db, generationRow("f1", { status: "done" }))).toThrow(/CHECK/);
    expect(() => insertGeneration(db, generationRow("nope"))).toThrow(/FOREIGN KEY/);
  });

  it("enforces idempotency keys per owner, and allows many null keys", () => {
    const db = setup();
    insertGeneration(db, generationRow("f1", { id: "g1", idempotencyKey: "k1" }));
    expect(() => insertGeneration(db, generationRow("f1", { id: "g2", idempotencyKey: "k1" }))).toThrow(/UNIQUE/);
    insertGeneration(db, generationRow("f1", { id: "g3", idempotencyKey: "k1", ownerId: "owner-b" }));
    insertGeneration(db, generationRow("f1", { id: "g4" }));
    insertGeneration(db, generationRow("f1", { id: "g5" }));
    expect(findByIdempotencyKey(db, "owner-a", "k1")?.id).toBe("g1");
    expect(findByIdempotencyKey(db, "owner-b", "k1")?.id).toBe("g3");
    expect(findByIdempotencyKey(db, "owner-a", "k2")).toBeUndefined();
  });

  it("finds by webhook secret and face token, both unique", () => {
    const db = setup();
    insertGeneration(db, generationRow("f1", { id: "g1", webhookSecret: "s1", faceToken: "t1" }));
    expect(getByWebhookSecret(db, "s1")?.id).toBe("g1");
    expect(getByFaceToken(db, "t1")?.id).toBe("g1");
    expect(getByWebhookSecret(db, "nope")).toBeUndefined();
    expect(getByFaceToken(db, "nope")).toBeUndefined();
    expect(() => insertGeneration(db, generationRow("f1", { webhookSecret: "s1" }))).toThrow(/UNIQUE/);
    expect(() => insertGeneration(db, generationRow("f1", { faceToken: "t1" }))).toThrow(/UNIQUE/);
  });

  it("updateGeneration patches, stamps updatedAt, and reports whether a row changed", () => {
    const db = setup();
    insertGeneration(db, generationRow("f1", { id: "g1" }));
    expect(updateGeneration(db, "g1", { status: "processing", upstreamId: "u1", checkCount: 1 })).toBe(true);
    const row = getGeneration(db, "g1");
    expect(row).toMatchObject({ status: "processing", upstreamId: "u1", checkCount: 1 });
    expect(row?.updatedAt).toBeGreaterThan(1_000);
    expect(updateGeneration(db, "g1", { updatedAt: 7 })).toBe(true);
    expect(getGeneration(db, "g1")?.updatedAt).toBe(7);
    expect(updateGeneration(db, "missing", { status: "failed" })).toBe(false);
  });

  it("onlyIfStatusIn guards the update so only one finisher wins", () => {
    const db = setup();
    insertGeneration(db, generationRow("f1", { id: "g1", status: "processing" }));
    expect(updateGeneration(db, "g1", { status: "succeeded", completedAt: 5 }, { onlyIfStatusIn: ["queued", "processing"] })).toBe(true);
    expect(updateGeneration(db, "g1", { status: "failed", failureReason: "late" }, { onlyIfStatusIn: ["queued", "processing"] })).toBe(false);
    expect(getGeneration(db, "g1")).toMatchObject({ status: "succeeded", failureReason: null, completedAt: 5 });
    expect(updateGeneration(db, "g1", { status: "failed" }, { onlyIfStatusIn: [] })).toBe(false);
  });

  it("dueGenerations returns unfinished rows whose check is due, soonest first", () => {
    const db = setup();
    insertGeneration(db, generationRow("f1", { id: "never", status: "queued", nextCheckAt: null }));
    insertGeneration(db, generationRow("f1", { id: "late", status: "processing", nextCheckAt: 900 }));
    insertGeneration(db, generationRow("f1", { id: "early", status: "queued", nextCheckAt: 100 }));
    insertGeneration(db, generationRow("f1", { id: "exact", status: "processing", nextCheckAt: 1000 }));
    insertGeneration(db, generationRow("f1", { id: "future", status: "processing", nextCheckAt: 1001 }));
    insertGeneration(db, generationRow("f1", { id: "done", status: "succeeded", nextCheckAt: 1 }));
    insertGeneration(db, generationRow("f1", { id: "failed", status: "failed", nextCheckAt: null }));
    expect(dueGenerations(db, 1000, 10).map((g) => g.id)).toEqual(["never", "early", "late", "exact"]);
    expect(dueGenerations(db, 1000, 2).map((g) => g.id)).toEqual(["never", "early"]);
    expect(unfinishedGenerations(db).map((g) => g.id).sort()).toEqual(["early", "exact", "future", "late", "never"]);
  });

  it("deleteGeneration removes the row", () => {
    const db = setup();
    insertGeneration(db, generationRow("f1", { id: "g1" }));
    expect(deleteGeneration(db, "g1")).toBe(true);
    expect(getGeneration(db, "g1")).toBeUndefined();
    expect(deleteGeneration(db, "g1")).toBe(false);
  });
});
