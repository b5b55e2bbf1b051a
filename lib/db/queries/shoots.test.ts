import { expect, it } from "vitest";
import { closeDb, openPgDb, type Db } from "@/lib/db/client";
import type { NewGenerationRow, NewShootPersonRow, NewShootRow } from "@/lib/db/schema";
import { eachDialect, expectDbError, faceRow, generationRow, outputRow } from "@/test/db";
import { insertFaceOrGetExisting } from "./faces";
import { insertOutputs } from "./outputs";
import { deleteRows } from "./privacy";
import { insertGenerationWithinQuota } from "./quotas";
import {
  countPeople,
  countPersonGenerations,
  deletePersonRow,
  deleteShootRow,
  getPerson,
  getPersonInShoot,
  getPersonOutput,
  getShootByInviteToken,
  getShootRow,
  giveBackRegeneration,
  insertPersonIfRoom,
  insertShoot,
  listAllPeople,
  listPeople,
  listPersonGenerations,
  listShootGenerations,
  listShootOutputs,
  listShootRows,
  personGenerationCounts,
  takeRegeneration,
  updatePerson,
  updateShootRow,
  updateShootStyleIfUnused,
} from "./shoots";

const shootRow = (id: string, over: Partial<NewShootRow> = {}): NewShootRow => ({
  id,
  name: `Shoot ${id}`,
  prompt: "studio headshot",
  negativePrompt: "blurry",
  width: 512,
  height: 640,
  steps: 20,
  guidanceScale: 5,
  seed: 7,
  variants: 2,
  regenerations: 1,
  crops: "[]",
  createdAt: 1_000,
  updatedAt: 1_000,
  ...over,
});

const personRow = (id: string, shootId: string, over: Partial<NewShootPersonRow> = {}): NewShootPersonRow => ({
  id,
  shootId,
  name: `Person ${id}`,
  source: "staff",
  createdAt: 1_000,
  updatedAt: 1_000,
  ...over,
});

// Generations through an app query that both dialects already serve: no allowance, so nothing is counted.
async function addGeneration(db: Db, row: NewGenerationRow): Promise<void> {
  const result = await insertGenerationWithinQuota(db, { generationId: row.id, allowances: [], now: 0 }, row);
  if (!result.ok) throw new Error("an empty spend is never refused");
}

async function person(db: Db, id: string, shootId: string, over: Partial<NewShootPersonRow> = {}) {
  const row = await insertPersonIfRoom(db, personRow(id, shootId, over), 100);
  if (!row) throw new Error("no room");
  return row;
}

eachDialect("shoots queries", (emptyDb, dialect) => {
  it("inserts, reads (by id and invite token), lists newest first, updates and deletes shoots", async () => {
    const db = await emptyDb();
    const a = await insertShoot(db, shootRow("s_a", { inviteToken: "tok-a", generationCap: 4, dueDate: "2030-01-31", guidanceScale: 6.5, seed: 4_294_967_295 }));
    expect(a).toMatchObject({ id: "s_a", generationsUsed: 0, generationCap: 4, dueDate: "2030-01-31", guidanceScale: 6.5, seed: 4_294_967_295, createdAt: 1_000 });
    await insertShoot(db, shootRow("s_b", { createdAt: 2_000 }));
    await insertShoot(db, shootRow("s_c", { createdAt: 2_000 }));
    expect(await getShootRow(db, "s_a")).toEqual(a);
    expect(await getShootRow(db, "missing")).toBeUndefined();
    expect((await getShootByInviteToken(db, "tok-a"))?.id).toBe("s_a");
    expect(await getShootByInviteToken(db, "tok-x")).toBeUndefined();
    expect((await listShootRows(db)).map((s) => s.id)).toEqual(["s_c", "s_b", "s_a"]);
    await expectDbError(insertShoot(db, shootRow("s_d", { inviteToken: "tok-a" })), "unique");
    await expectDbError(insertShoot(db, shootRow("s_e", { variants: 5 })), "check");

    expect(await updateShootRow(db, "s_a", { name: "Renamed", inviteToken: null })).toBe(true);
    expect(await updateShootRow(db, "missing", { name: "x" })).toBe(false);
    const renamed = await getShootRow(db, "s_a");
    expect(renamed).toMatchObject({ name: "Renamed", inviteToken: null });
    expect(renamed?.updatedAt).toBeGreaterThan(1_000);

    await person(db, "p1", "s_b");
    expect(await deleteShootRow(db, "s_b")).toBe(true);
    expect(await deleteShootRow(db, "s_b")).toBe(false);
    expect(await getPerson(db, "p1")).toBeUndefined(); // people go by cascade
  });

  it("updateShootStyleIfUnused changes the style only while nothing has been generated", async () => {
    const db = await emptyDb();
    await insertShoot(db, shootRow("s1"));
    expect(await updateShootStyleIfUnused(db, "s1", { prompt: "new look" })).toBe(true);
    await updateShootRow(db, "s1", { generationsUsed: 1 });
    expect(await updateShootStyleIfUnused(db, "s1", { prompt: "newer look" })).toBe(false);
    expect((await getShootRow(db, "s1"))?.prompt).toBe("new look");
  });

  it("people: insert while there is room, read in or out of a shoot, list in join order, update, delete", async () => {
    const db = await emptyDb();
    await insertShoot(db, shootRow("s1"));
    await insertShoot(db, shootRow("s2"));
    await person(db, "p_b", "s1", { createdAt: 2_000 });
    await person(db, "p_a", "s1", { createdAt: 1_000, email: "a@example.com", title: "CTO" });
    await person(db, "p_x", "s2");
    expect(await insertPersonIfRoom(db, personRow("p_c", "s1"), 2)).toBeNull();
    expect(await getPerson(db, "p_c")).toBeUndefined();
    expect(await countPeople(db, "s1")).toBe(2);
    expect(await countPeople(db, "nope")).toBe(0);
    await expectDbError(insertPersonIfRoom(db, personRow("p_z", "nope"), 10), "foreign_key");

    expect(await getPerson(db, "p_a")).toMatchObject({ id: "p_a", shootId: "s1", email: "a@example.com", title: "CTO", faceId: null, approvedAt: null, regenerationsUsed: 0 });
    expect((await getPersonInShoot(db, "s1", "p_a"))?.id).toBe("p_a");
    expect(await getPersonInShoot(db, "s2", "p_a")).toBeUndefined();
    expect((await listPeople(db, "s1")).map((p) => p.id)).toEqual(["p_a", "p_b"]);
    expect((await listAllPeople(db)).map((p) => p.id).sort()).toEqual(["p_a", "p_b", "p_x"]);

    expect(await updatePerson(db, "p_a", { approvedAt: 5_000, name: "Ann" })).toBe(true);
    expect(await updatePerson(db, "missing", { name: "x" })).toBe(false);
    expect(await getPerson(db, "p_a")).toMatchObject({ approvedAt: 5_000, name: "Ann" });
    await expectDbError(updatePerson(db, "p_a", { favouriteOutputId: "no-such-output" }), "foreign_key");
    expect(await deletePersonRow(db, "p_a")).toBe(true);
    expect(await deletePersonRow(db, "p_a")).toBe(false);
    expect((await listPeople(db, "s1")).map((p) => p.id)).toEqual(["p_b"]);
  });

  it("takeRegeneration: only under the limit and while none of the person's jobs is unfinished; giveBack never goes below 0", async () => {
    const db = await emptyDb();
    await insertShoot(db, shootRow("s1"));
    await person(db, "p1", "s1");
    await insertFaceOrGetExisting(db, faceRow({ id: "f1", ownerId: "p1" }));
    await addGeneration(db, generationRow("f1", { id: "g_running", ownerId: "p1", personId: "p1", shootId: "s1", status: "processing" }));
    expect(await takeRegeneration(db, "p1", 2)).toBe(false); // a job is still being made
    await addGeneration(db, generationRow("f1", { id: "g_other", ownerId: "p2", personId: "p2", shootId: "s1", status: "queued" }));
    await deleteRows(db, { generationIds: ["g_running"], faces: [], outputPaths: [] }); // that job is gone
    expect(await takeRegeneration(db, "p1", 2)).toBe(true); // someone else's queued job does not count
    expect(await takeRegeneration(db, "p1", 2)).toBe(true);
    expect(await takeRegeneration(db, "p1", 2)).toBe(false); // limit reached
    expect((await getPerson(db, "p1"))?.regenerationsUsed).toBe(2);
    await giveBackRegeneration(db, "p1");
    expect((await getPerson(db, "p1"))?.regenerationsUsed).toBe(1);
    await giveBackRegeneration(db, "p1");
    await giveBackRegeneration(db, "p1");
    expect((await getPerson(db, "p1"))?.regenerationsUsed).toBe(0);
    expect(await takeRegeneration(db, "missing", 2)).toBe(false);
  });

  it("a shoot's and a person's generations in the order made, counts per person, outputs of the shoot and of a person", async () => {
    const db = await emptyDb();
    await insertShoot(db, shootRow("s1"));
    await insertShoot(db, shootRow("s2"));
    for (const p of ["p1", "p2"]) {
      await person(db, p, "s1");
      await insertFaceOrGetExisting(db, faceRow({ id: `f_${p}`, ownerId: p }));
    }
    const gen = (id: string, p: string, over: Partial<NewGenerationRow>) => generationRow(`f_${p}`, { id, ownerId: p, personId: p, shootId: "s1", ...over });
    // p1's first round: two variants in one millisecond; then a later round. p2: one failed, one done.
    await addGeneration(db, gen("g_p1_v0", "p1", { variant: 0, createdAt: 1_000, status: "succeeded" }));
    await addGeneration(db, gen("g_p1_v1", "p1", { variant: 1, createdAt: 1_000, status: "processing" }));
    await addGeneration(db, gen("g_p1_r", "p1", { variant: 2, createdAt: 3_000, status: "queued" }));
    await addGeneration(db, gen("g_p2_a", "p2", { variant: 0, createdAt: 2_000, status: "failed" }));
    await addGeneration(db, gen("g_p2_b", "p2", { variant: 1, createdAt: 2_500, status: "succeeded" }));
    await addGeneration(db, generationRow("f_p1", { id: "g_solo", ownerId: "p1", createdAt: 500 })); // not in a shoot

    expect((await listShootGenerations(db, "s1")).map((g) => g.id)).toEqual(["g_p1_v0", "g_p1_v1", "g_p2_a", "g_p2_b", "g_p1_r"]);
    expect(await listShootGenerations(db, "s2")).toEqual([]);
    const p1 = await listPersonGenerations(db, "p1");
    expect(p1.map((g) => g.id)).toEqual(["g_p1_v0", "g_p1_v1", "g_p1_r"]);
    expect(p1[0]).toMatchObject({ base64: false, simulated: true, seed: 42, guidanceScale: 5 });
    expect(await countPersonGenerations(db, "p1")).toBe(3);
    expect(await countPersonGenerations(db, "nobody")).toBe(0);
    expect(await personGenerationCounts(db)).toEqual(
      new Map([
        ["p1", { unfinished: 2, succeeded: 1, total: 3 }],
        ["p2", { unfinished: 0, succeeded: 1, total: 2 }],
      ]),
    );

    await insertOutputs(db, [outputRow("g_p2_b", 1), outputRow("g_p1_v0", 0), outputRow("g_p2_b", 0), outputRow("g_solo", 0)]);
    expect((await listShootOutputs(db, "s1")).map((o) => o.id)).toEqual(["o_g_p1_v0_0", "o_g_p2_b_0", "o_g_p2_b_1"]);
    expect(await listShootOutputs(db, "s2")).toEqual([]);
    const mine = await getPersonOutput(db, "p2", "o_g_p2_b_1");
    expect(mine?.output).toMatchObject({ id: "o_g_p2_b_1", generationId: "g_p2_b", idx: 1, path: "outputs/g_p2_b/1.png" });
    expect(mine?.generation).toMatchObject({ id: "g_p2_b", personId: "p2", status: "succeeded" });
    expect(await getPersonOutput(db, "p1", "o_g_p2_b_1")).toBeUndefined(); // someone else's
    expect(await getPersonOutput(db, "p2", "missing")).toBeUndefined();
  });

  if (dialect === "postgres") {
    it("two pools racing joins for the last places: the shoot never gets more than maxPeople (its row lock)", async () => {
      const db = await emptyDb();
      if (db.engine !== "pg") throw new Error("expected Postgres");
      const url = db.$client.options.connectionString;
      if (!url) throw new Error("the test pool has no connection string");
      const other = await openPgDb(url, { max: 4 });
      try {
        await insertShoot(db, shootRow("s1"));
        const max = 3;
        const joined = await Promise.all(Array.from({ length: 12 }, (_, i) => insertPersonIfRoom(i % 2 === 0 ? db : other, personRow(`p${i}`, "s1"), max)));
        expect(joined.filter((p) => p !== null)).toHaveLength(max);
        expect(await countPeople(other, "s1")).toBe(max);
      } finally {
        await closeDb(other);
      }
    });
  }
});
