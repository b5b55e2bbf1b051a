import { describe, expect, it } from "vitest";
import { faceRow, generationRow, memoryDb } from "@/test/db";
import {
  countGenerationsUsingFace,
  deleteFace,
  facesOlderThan,
  findFaceBySha,
  getFace,
  getOwnedFace,
  insertFaceOrGetExisting,
} from "./faces";
import { insertGeneration } from "./generations";

describe("faces queries", () => {
  it("inserts a new face and returns the existing one for the same owner + sha256", () => {
    const db = memoryDb();
    const first = insertFaceOrGetExisting(db, faceRow({ id: "f1", sha256: "abc" }));
    expect(first.id).toBe("f1");
    const again = insertFaceOrGetExisting(db, faceRow({ id: "f2", sha256: "abc", path: "faces/owner-a/f2.jpg" }));
    expect(again.id).toBe("f1");
    expect(again.path).toBe("faces/owner-a/f1.jpg");
    expect(getFace(db, "f2")).toBeUndefined();
    expect(findFaceBySha(db, "owner-a", "abc")?.id).toBe("f1");
  });

  it("lets a different owner store the same bytes separately", () => {
    const db = memoryDb();
    insertFaceOrGetExisting(db, faceRow({ id: "f1", sha256: "abc" }));
    const other = insertFaceOrGetExisting(db, faceRow({ id: "f2", sha256: "abc", ownerId: "owner-b" }));
    expect(other.id).toBe("f2");
  });

  it("getOwnedFace hides other owners' faces", () => {
    const db = memoryDb();
    insertFaceOrGetExisting(db, faceRow({ id: "f1" }));
    expect(getOwnedFace(db, "f1", "owner-a")?.id).toBe("f1");
    expect(getOwnedFace(db, "f1", "owner-b")).toBeUndefined();
    expect(getFace(db, "missing")).toBeUndefined();
  });

  it("counts generations using a face and refuses to delete a face still in use", () => {
    const db = memoryDb();
    insertFaceOrGetExisting(db, faceRow({ id: "f1" }));
    insertFaceOrGetExisting(db, faceRow({ id: "f2" }));
    expect(countGenerationsUsingFace(db, "f1")).toBe(0);
    insertGeneration(db, generationRow("f1"));
    insertGeneration(db, generationRow("f1"));
    expect(countGenerationsUsingFace(db, "f1")).toBe(2);
    expect(() => deleteFace(db, "f1")).toThrow(/FOREIGN KEY/);
    expect(deleteFace(db, "f2")).toBe(true);
    expect(deleteFace(db, "f2")).toBe(false);
    expect(getFace(db, "f2")).toBeUndefined();
  });

  it("facesOlderThan returns the oldest first, strictly before the cutoff, up to the limit", () => {
    const db = memoryDb();
    for (const [id, t] of [["a", 300], ["b", 100], ["c", 200], ["d", 500]] as const) {
      insertFaceOrGetExisting(db, faceRow({ id, createdAt: t }));
    }
    expect(facesOlderThan(db, 500, 10).map((f) => f.id)).toEqual(["b", "c", "a"]);
    expect(facesOlderThan(db, 500, 2).map((f) => f.id)).toEqual(["b", "c"]);
    expect(facesOlderThan(db, 100, 10)).toEqual([]);
  });
});
