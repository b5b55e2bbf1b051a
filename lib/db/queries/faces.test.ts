import { expect, it } from "vitest";
import { faceRow, generationRow, eachDialect, expectDbError } from "@/test/db";
import {
  countGenerationsUsingFace,
  deleteFace,
  findFaceBySha,
  getFace,
  getOwnedFace,
  insertFaceOrGetExisting,
} from "./faces";
import { insertGeneration } from "./generations";
import { deleteExpiredFaceRows } from "./privacy";

eachDialect("faces queries", (emptyDb) => {
  it("inserts a new face and returns the existing one for the same owner + sha256", async () => {
    const db = await emptyDb();
    const first = await insertFaceOrGetExisting(db, faceRow({ id: "f1", sha256: "abc" }));
    expect(first.id).toBe("f1");
    const again = await insertFaceOrGetExisting(db, faceRow({ id: "f2", sha256: "abc", path: "faces/owner-a/f2.jpg" }));
    expect(again.id).toBe("f1");
    expect(again.path).toBe("faces/owner-a/f1.jpg");
    expect(await getFace(db, "f2")).toBeUndefined();
    expect((await findFaceBySha(db, "owner-a", "abc"))?.id).toBe("f1");
  });

  it("lets a different owner store the same bytes separately", async () => {
    const db = await emptyDb();
    await insertFaceOrGetExisting(db, faceRow({ id: "f1", sha256: "abc" }));
    const other = await insertFaceOrGetExisting(db, faceRow({ id: "f2", sha256: "abc", ownerId: "owner-b" }));
    expect(other.id).toBe("f2");
  });

  it("getOwnedFace hides other owners' faces", async () => {
    const db = await emptyDb();
    await insertFaceOrGetExisting(db, faceRow({ id: "f1" }));
    expect((await getOwnedFace(db, "f1", "owner-a"))?.id).toBe("f1");
    expect(await getOwnedFace(db, "f1", "owner-b")).toBeUndefined();
    expect(await getFace(db, "missing")).toBeUndefined();
  });

  it("counts generations using a face and refuses to delete a face still in use", async () => {
    const db = await emptyDb();
    await insertFaceOrGetExisting(db, faceRow({ id: "f1" }));
    await insertFaceOrGetExisting(db, faceRow({ id: "f2" }));
    expect(await countGenerationsUsingFace(db, "f1")).toBe(0);
    await insertGeneration(db, generationRow("f1"));
    await insertGeneration(db, generationRow("f1"));
    expect(await countGenerationsUsingFace(db, "f1")).toBe(2);
    await expectDbError(deleteFace(db, "f1"), "foreign_key");
    expect(await deleteFace(db, "f2")).toBe(true);
    expect(await deleteFace(db, "f2")).toBe(false);
    expect(await getFace(db, "f2")).toBeUndefined();
  });

  it("deleteExpiredFaceRows takes the oldest first, strictly before the cutoff, up to the limit, sparing faces a running job needs", async () => {
    const faceIds = async (cutoff: number, limit: number, busy?: string) => {
      const db = await emptyDb();
      for (const [id, t] of [["a", 300], ["b", 100], ["c", 200], ["d", 500]] as const) {
        await insertFaceOrGetExisting(db, faceRow({ id, createdAt: t }));
      }
      if (busy) await insertGeneration(db, generationRow(busy, { id: "running", status: "processing" }));
      const gone = (await deleteExpiredFaceRows(db, cutoff, limit)).faces.map((f) => f.id);
      for (const id of gone) expect(await getFace(db, id)).toBeUndefined();
      return gone;
    };
    expect(await faceIds(500, 10)).toEqual(["b", "c", "a"]);
    expect(await faceIds(500, 2)).toEqual(["b", "c"]);
    expect(await faceIds(100, 10)).toEqual([]);
    expect(await faceIds(500, 10, "c")).toEqual(["b", "a"]);
  });
});
