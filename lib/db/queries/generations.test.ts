import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { PAGE_SIZE } from "@/lib/validations/generation";
import { eachDialect, expectDbError, faceRow, generationRow, memoryDb, outputRow } from "@/test/db";
import { closeDb, openPgDb, type Db, type SqliteDb } from "../client";
import type { NewGenerationRow } from "../schema";
import { countGenerationsUsingFace, getFace, insertFaceOrGetExisting } from "./faces";
import { listOutputs, listOutputsForGenerations } from "./outputs";
import {
  buildDueQuery,
  claimNextWaiting,
  countInFlight,
  countWaitingAhead,
  extendQueuePause,
  getQueuePause,
  insertOutputsAndUpdateGeneration,
  buildListQuery,
  deleteGeneration,
  deleteGenerationAndUnusedFace,
  dueGenerations,
  encodeCursor,
  findByIdempotencyKey,
  getByFaceToken,
  getByWebhookSecret,
  getGeneration,
  getOwnedGeneration,
  insertGeneration,
  insertGenerationsWithOutputs,
  listGenerations,
  returnToQueue,
  unfinishedGenerations,
  updateGeneration,
  type ListGenerationsOptions,
} from "./generations";

/**
 * Runs `fn` with a second connection pool to the same database on Postgres — as a second app instance would
 * hold — and with the same database on SQLite (one process, one connection, which is what SQLite has).
 */
async function withSecondInstance<T>(db: Db, fn: (other: Db) => Promise<T>): Promise<T> {
  if (db.engine === "sqlite") return fn(db);
  const url = db.$client.options.connectionString;
  if (!url) throw new Error("the test pool has no connection string");
  const other = await openPgDb(url, { max: 4 });
  try {
    return await fn(other);
  } finally {
    await closeDb(other);
  }
}

eachDialect("generations queries", (emptyDb) => {
  async function setup() {
    const db = await emptyDb();
    await insertFaceOrGetExisting(db, faceRow({ id: "f1" }));
    return db;
  }

  it("inserts and reads a generation with typed columns", async () => {
    const db = await setup();
    const row = await insertGeneration(db, generationRow("f1", { id: "g1", base64: true, guidanceScale: 3.5, seed: 4_294_967_295 }));
    expect(row.checkCount).toBe(0);
    const got = await getGeneration(db, "g1");
    expect(got).toMatchObject({ id: "g1", base64: true, simulated: true, guidanceScale: 3.5, seed: 4_294_967_295, status: "queued" });
    expect((await getOwnedGeneration(db, "g1", "owner-a"))?.id).toBe("g1");
    expect(await getOwnedGeneration(db, "g1", "owner-b")).toBeUndefined();
  });

  it("rejects seeds outside 0..2^32-1, unknown statuses and unknown faces", async () => {
    const db = await setup();
    await expectDbError(insertGeneration(db, generationRow("f1", { seed: 4_294_967_296 })), "check");
    await expectDbError(insertGeneration(db, generationRow("f1", { seed: -1 })), "check");
    // @ts-expect-error -- proving the database refuses what the type already forbids
    await expectDbError(insertGeneration(db, generationRow("f1", { status: "done" })), "check");
    await expectDbError(insertGeneration(db, generationRow("nope")), "foreign_key");
  });

  it("enforces idempotency keys per owner, and allows many null keys", async () => {
    const db = await setup();
    await insertGeneration(db, generationRow("f1", { id: "g1", idempotencyKey: "k1" }));
    await expectDbError(insertGeneration(db, generationRow("f1", { id: "g2", idempotencyKey: "k1" })), "unique");
    await insertGeneration(db, generationRow("f1", { id: "g3", idempotencyKey: "k1", ownerId: "owner-b" }));
    await insertGeneration(db, generationRow("f1", { id: "g4" }));
    await insertGeneration(db, generationRow("f1", { id: "g5" }));
    expect((await findByIdempotencyKey(db, "owner-a", "k1"))?.id).toBe("g1");
    expect((await findByIdempotencyKey(db, "owner-b", "k1"))?.id).toBe("g3");
    expect(await findByIdempotencyKey(db, "owner-a", "k2")).toBeUndefined();
  });

  it("finds by webhook secret and face token, both unique", async () => {
    const db = await setup();
    await insertGeneration(db, generationRow("f1", { id: "g1", webhookSecret: "s1", faceToken: "t1" }));
    expect((await getByWebhookSecret(db, "s1"))?.id).toBe("g1");
    expect((await getByFaceToken(db, "t1"))?.id).toBe("g1");
    expect(await getByWebhookSecret(db, "nope")).toBeUndefined();
    expect(await getByFaceToken(db, "nope")).toBeUndefined();
    await expectDbError(insertGeneration(db, generationRow("f1", { webhookSecret: "s1" })), "unique");
    await expectDbError(insertGeneration(db, generationRow("f1", { faceToken: "t1" })), "unique");
  });

  it("updateGeneration patches, stamps updatedAt, and reports whether a row changed", async () => {
    const db = await setup();
    await insertGeneration(db, generationRow("f1", { id: "g1" }));
    expect(await updateGeneration(db, "g1", { status: "processing", upstreamId: "u1", checkCount: 1 })).toBe(true);
    const row = await getGeneration(db, "g1");
    expect(row).toMatchObject({ status: "processing", upstreamId: "u1", checkCount: 1 });
    expect(row?.updatedAt).toBeGreaterThan(1_000);
    expect(await updateGeneration(db, "g1", { updatedAt: 7 })).toBe(true);
    expect((await getGeneration(db, "g1"))?.updatedAt).toBe(7);
    expect(await updateGeneration(db, "missing", { status: "failed" })).toBe(false);
  });

  it("onlyIfStatusIn guards the update so only one finisher wins", async () => {
    const db = await setup();
    await insertGeneration(db, generationRow("f1", { id: "g1", status: "processing" }));
    expect(await updateGeneration(db, "g1", { status: "succeeded", completedAt: 5 }, { onlyIfStatusIn: ["queued", "processing"] })).toBe(true);
    expect(await updateGeneration(db, "g1", { status: "failed", failureReason: "late" }, { onlyIfStatusIn: ["queued", "processing"] })).toBe(false);
    expect(await getGeneration(db, "g1")).toMatchObject({ status: "succeeded", failureReason: null, completedAt: 5 });
    expect(await updateGeneration(db, "g1", { status: "failed" }, { onlyIfStatusIn: [] })).toBe(false);
  });

  it("dueGenerations returns sent, unfinished rows whose check is due, soonest first (waiting rows are the queue's)", async () => {
    const db = await setup();
    const sent = { submittedAt: 1 };
    await insertGeneration(db, generationRow("f1", { id: "never", status: "queued", nextCheckAt: null, ...sent }));
    await insertGeneration(db, generationRow("f1", { id: "late", status: "processing", nextCheckAt: 900, ...sent }));
    await insertGeneration(db, generationRow("f1", { id: "early", status: "queued", nextCheckAt: 100, ...sent }));
    await insertGeneration(db, generationRow("f1", { id: "exact", status: "processing", nextCheckAt: 1000, ...sent }));
    await insertGeneration(db, generationRow("f1", { id: "future", status: "processing", nextCheckAt: 1001, ...sent }));
    await insertGeneration(db, generationRow("f1", { id: "waiting", status: "queued", nextCheckAt: null, submittedAt: null }));
    await insertGeneration(db, generationRow("f1", { id: "done", status: "succeeded", nextCheckAt: 1, ...sent }));
    await insertGeneration(db, generationRow("f1", { id: "failed", status: "failed", nextCheckAt: null, ...sent }));
    expect((await dueGenerations(db, 1000, 10)).map((g) => g.id)).toEqual(["never", "early", "late", "exact"]);
    expect((await dueGenerations(db, 1000, 2)).map((g) => g.id)).toEqual(["never", "early"]);
    expect((await unfinishedGenerations(db)).map((g) => g.id).sort()).toEqual(["early", "exact", "future", "late", "never", "waiting"]);
  });

  it("deleteGeneration removes the row", async () => {
    const db = await setup();
    await insertGeneration(db, generationRow("f1", { id: "g1" }));
    expect(await deleteGeneration(db, "g1")).toBe(true);
    expect(await getGeneration(db, "g1")).toBeUndefined();
    expect(await deleteGeneration(db, "g1")).toBe(false);
  });

  it("deleteGenerationAndUnusedFace removes the face with its last generation, not before", async () => {
    const db = await setup();
    await insertGeneration(db, generationRow("f1", { id: "g1" }));
    await insertGeneration(db, generationRow("f1", { id: "g2" }));
    expect(await deleteGenerationAndUnusedFace(db, "g1", "f1")).toBe(false);
    expect(await getFace(db, "f1")).toBeDefined();
    expect(await countGenerationsUsingFace(db, "f1")).toBe(1);
    expect(await deleteGenerationAndUnusedFace(db, "g2", "f1")).toBe(true);
    expect(await getGeneration(db, "g2")).toBeUndefined();
    expect(await getFace(db, "f1")).toBeUndefined();
  });

  it("claimNextWaiting takes the oldest waiting job only while fewer than the cap are in flight", async () => {
    const db = await setup();
    await insertGeneration(db, generationRow("f1", { id: "sent", status: "processing", submittedAt: 1 }));
    await insertGeneration(db, generationRow("f1", { id: "second", createdAt: 20 }));
    await insertGeneration(db, generationRow("f1", { id: "first", createdAt: 10 }));
    await insertGeneration(db, generationRow("f1", { id: "third", createdAt: 30 }));
    expect(await claimNextWaiting(db, 1, 500)).toBeUndefined(); // "sent" fills the only slot
    expect(await claimNextWaiting(db, 3, 500)).toMatchObject({ id: "first", submittedAt: 500 });
    expect((await claimNextWaiting(db, 3, 600))?.id).toBe("second");
    expect(await claimNextWaiting(db, 3, 700)).toBeUndefined(); // three in flight now
    expect(await countInFlight(db)).toBe(3);
    expect((await getGeneration(db, "third"))?.submittedAt).toBeNull();
  });

  it("insertOutputsAndUpdateGeneration stores the outputs and the patch together, and nothing when a row fails", async () => {
    const db = await setup();
    await insertGeneration(db, generationRow("f1", { id: "g1", status: "processing" }));
    const succeeded = { status: "succeeded" as const, completedAt: 5 };
    await expectDbError(insertOutputsAndUpdateGeneration(db, "g1", [outputRow("g1", 0), outputRow("missing", 0)], succeeded), "foreign_key");
    expect(await listOutputs(db, "g1")).toEqual([]);
    expect((await getGeneration(db, "g1"))?.status).toBe("processing");
    expect(await insertOutputsAndUpdateGeneration(db, "g1", [outputRow("g1", 0)], succeeded, { onlyIfStatusIn: ["processing"] })).toBe(true);
    expect((await getGeneration(db, "g1"))?.status).toBe("succeeded");
    expect((await listOutputs(db, "g1")).map((o) => o.idx)).toEqual([0]);
    expect(await insertOutputsAndUpdateGeneration(db, "g1", [outputRow("g1", 0)], { status: "failed" }, { onlyIfStatusIn: ["processing"] })).toBe(false);
    expect((await getGeneration(db, "g1"))?.status).toBe("succeeded");
  });

  it("returnToQueue puts back only a queued job the upstream never accepted, and countWaitingAhead gives its place", async () => {
    const db = await setup();
    await insertGeneration(db, generationRow("f1", { id: "a", createdAt: 10 }));
    await insertGeneration(db, generationRow("f1", { id: "b", createdAt: 10 }));
    await insertGeneration(db, generationRow("f1", { id: "c", createdAt: 20 }));
    await insertGeneration(db, generationRow("f1", { id: "accepted", status: "processing", upstreamId: "u1", submittedAt: 1 }));
    expect((await claimNextWaiting(db, 5, 100))?.id).toBe("a");
    expect(await countWaitingAhead(db, { id: "c", createdAt: 20 })).toBe(1); // only b: a is claimed
    expect(await countWaitingAhead(db, { id: "b", createdAt: 10 })).toBe(0);
    expect(await returnToQueue(db, "a", 200)).toBe(true);
    expect(await getGeneration(db, "a")).toMatchObject({ submittedAt: null, updatedAt: 200 });
    expect(await countWaitingAhead(db, { id: "c", createdAt: 20 })).toBe(2);
    expect(await countWaitingAhead(db, { id: "b", createdAt: 10 })).toBe(1); // same createdAt: the id breaks the tie
    expect(await returnToQueue(db, "accepted", 300)).toBe(false);
    expect((await getGeneration(db, "accepted"))?.submittedAt).toBe(1);
    expect(await returnToQueue(db, "missing", 300)).toBe(false);
  });

  it("claimNextWaiting never exceeds the cap nor claims a job twice when instances race", async () => {
    const db = await setup();
    await insertGenerationsWithOutputs(
      db,
      Array.from({ length: 20 }, (_, i) => ({ generation: generationRow("f1", { id: `w${String(i).padStart(2, "0")}`, createdAt: i }), outputs: [] })),
    );
    await insertGeneration(db, generationRow("f1", { id: "sent", status: "processing", submittedAt: 1 }));
    const claimed = await withSecondInstance(db, (other) =>
      Promise.all(Array.from({ length: 24 }, (_, i) => claimNextWaiting(i % 2 ? other : db, 5, 1_000 + i))),
    );
    const ids = claimed.flatMap((g) => (g ? [g.id] : []));
    expect(ids).toHaveLength(4); // "sent" holds one of the five slots
    expect(new Set(ids).size).toBe(4);
    expect(ids.sort()).toEqual(["w00", "w01", "w02", "w03"]); // oldest first
    expect(await countInFlight(db)).toBe(5);
  });

  it("getQueuePause is 0 until a pause, and extendQueuePause only ever lengthens it", async () => {
    const db = await emptyDb();
    expect(await getQueuePause(db)).toBe(0);
    expect(await extendQueuePause(db, 5_000)).toBe(5_000);
    expect(await extendQueuePause(db, 3_000)).toBe(5_000);
    expect(await getQueuePause(db)).toBe(5_000);
    expect(await extendQueuePause(db, 9_000.2)).toBe(9_001); // whole milliseconds, rounded up
    expect(await getQueuePause(db)).toBe(9_001);
  });

  it("extendQueuePause keeps the latest pause when several instances are paused at once", async () => {
    const db = await emptyDb();
    const untils = [4_000, 17_000, 9_000, 16_000, 2_000, 11_000, 13_000, 5_000];
    const results = await withSecondInstance(db, (other) => Promise.all(untils.map((u, i) => extendQueuePause(i % 2 ? other : db, u))));
    for (const [i, r] of results.entries()) expect(r).toBeGreaterThanOrEqual(untils[i] ?? Infinity);
    expect(await getQueuePause(db)).toBe(17_000);
  });

  it("deleteGenerationAndUnusedFace removes the face when its last two generations are deleted at once", async () => {
    const db = await setup();
    await insertGeneration(db, generationRow("f1", { id: "g1" }));
    await insertGeneration(db, generationRow("f1", { id: "g2" }));
    const faceGone = await withSecondInstance(db, (other) => Promise.all([deleteGenerationAndUnusedFace(db, "g1", "f1"), deleteGenerationAndUnusedFace(other, "g2", "f1")]));
    expect(faceGone.filter(Boolean)).toHaveLength(1);
    expect(await getFace(db, "f1")).toBeUndefined();
    expect(await unfinishedGenerations(db)).toEqual([]);
  });
});


async function allPages(db: Db, opts: ListGenerationsOptions): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const page = await listGenerations(db, { ...opts, cursor });
    pages.push(page.items.map((g) => g.id));
    cursor = page.nextCursor;
  } while (cursor && pages.length < 100);
  return pages;
}

eachDialect("listGenerations", (emptyDb) => {
  async function setupList(rows: Partial<NewGenerationRow>[]): Promise<Db> {
    const db = await emptyDb();
    await insertFaceOrGetExisting(db, faceRow({ id: "f1" }));
    for (const r of rows) await insertGeneration(db, generationRow("f1", r));
    return db;
  }

  it("pages newest first across ties in createdAt without gaps or repeats", async () => {
    const rows = ["a", "b", "c", "d", "e", "f", "g"].map((id, i) => ({ id, createdAt: i < 5 ? 100 : 200 }));
    const db = await setupList(rows);
    const pages = await allPages(db, { ownerId: "owner-a", limit: 2 });
    expect(pages).toEqual([["g", "f"], ["e", "d"], ["c", "b"], ["a"]]);
  });

  it("returns no next cursor when the last page is exactly full", async () => {
    const db = await setupList([{ id: "a" }, { id: "b" }]);
    expect(await listGenerations(db, { ownerId: "owner-a", limit: 2 })).toMatchObject({ nextCursor: null });
  });

  it("shows only the owner's generations and filters by status", async () => {
    const db = await setupList([
      { id: "a", status: "succeeded" },
      { id: "b", status: "failed" },
      { id: "c", status: "succeeded", ownerId: "owner-b" },
    ]);
    expect((await listGenerations(db, { ownerId: "owner-a" })).items.map((g) => g.id)).toEqual(["b", "a"]);
    expect((await listGenerations(db, { ownerId: "owner-a", status: "succeeded" })).items.map((g) => g.id)).toEqual(["a"]);
    expect((await listGenerations(db, { ownerId: "owner-c" })).items).toEqual([]);
  });

  it("searches prompts case-insensitively (Unicode too) and treats % _ \\ literally", async () => {
    const db = await setupList([
      { id: "a", prompt: "Navy SUIT, studio light" },
      { id: "b", prompt: "100% natural_light" },
      { id: "c", prompt: "1000 natural light" },
      { id: "d", prompt: "back\\slash" },
      { id: "e", prompt: "ÉCLAIRAGE doux" },
    ]);
    const ids = async (q: string) => (await listGenerations(db, { ownerId: "owner-a", q })).items.map((g) => g.id);
    expect(await ids("navy suit")).toEqual(["a"]);
    expect(await ids("%")).toEqual(["b"]);
    expect(await ids("l_ght")).toEqual([]);
    expect(await ids("_light")).toEqual(["b"]);
    expect(await ids("\\")).toEqual(["d"]);
    expect(await ids("éclairage")).toEqual(["e"]);
    expect(await ids("   ")).toHaveLength(5);
  });

  it("clamps the limit to 1..100", async () => {
    const db = await setupList(Array.from({ length: 105 }, (_, i) => ({ createdAt: i })));
    expect((await listGenerations(db, { ownerId: "owner-a", limit: 0 })).items).toHaveLength(1);
    expect((await listGenerations(db, { ownerId: "owner-a", limit: 500 })).items).toHaveLength(100);
    // No usable limit: the server's default page size, the same constant the gallery asks for.
    expect((await listGenerations(db, { ownerId: "owner-a", limit: Number.NaN })).items).toHaveLength(PAGE_SIZE);
  });

  it.each(["not a cursor!", "", "bm9wZQ", encodeCursor({ createdAt: 1, id: "x" }).slice(0, -3) + "@@@", Buffer.from("12:").toString("base64url"), Buffer.from("-5:abc").toString("base64url")])(
    "refuses a malformed cursor %j as a bad request",
    async (cursor) => {
      const db = await setupList([{ id: "a" }]);
      if (cursor === "") {
        // An empty cursor means "first page".
        expect((await listGenerations(db, { ownerId: "owner-a", cursor })).items).toHaveLength(1);
        return;
      }
      const err = await listGenerations(db, { ownerId: "owner-a", cursor }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: "bad_request", status: 400, message: "That page link is not valid." });
    },
  );

  it("seeds 600 rows with outputs and pages one owner's rows exactly once, newest first, with filters", async () => {
    const db = await emptyDb();
    await insertFaceOrGetExisting(db, faceRow({ id: "f1" }));
    const statuses = ["queued", "processing", "succeeded", "failed"] as const;
    const items = Array.from({ length: 600 }, (_, i) => {
      const generation = generationRow("f1", {
        id: `g${i}`,
        ownerId: `owner-${i % 3}`,
        createdAt: Math.floor(i / 7), // ties in createdAt, so the id decides within them
        status: statuses[i % 4],
        prompt: i % 5 === 0 ? `Navy suit #${i}` : `grey jacket #${i}`,
      });
      const outputs = i % 10 === 0 ? [0, 1].map((idx) => ({ id: `o${i}_${idx}`, generationId: `g${i}`, idx, path: `p${i}/${idx}`, thumbPath: `t${i}/${idx}`, width: 8, height: 8, bytes: 1, createdAt: 1 })) : [];
      return { generation, outputs };
    });
    const inserted = await insertGenerationsWithOutputs(db, items);
    expect(inserted.map((g) => g.id)).toEqual(items.map((i) => i.generation.id)); // in the caller's order
    expect((await listOutputsForGenerations(db, ["g0", "g10", "g11"])).map((o) => o.id)).toEqual(["o0_0", "o0_1", "o10_0", "o10_1"]);

    const walk = async (opts: Omit<ListGenerationsOptions, "cursor">) => {
      const seen: { id: string; createdAt: number }[] = [];
      let cursor: string | null = null;
      do {
        const page = await listGenerations(db, { ...opts, cursor });
        expect(page.items.length).toBeLessThanOrEqual(opts.limit ?? PAGE_SIZE);
        seen.push(...page.items.map((g) => ({ id: g.id, createdAt: g.createdAt })));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    const expected = (keep: (i: number) => boolean) =>
      new Set(items.flatMap((it, i) => (keep(i) ? [it.generation.id] : [])));

    const all = await walk({ ownerId: "owner-1", limit: 17 });
    expect(all).toHaveLength(200);
    expect(new Set(all.map((g) => g.id))).toEqual(expected((i) => i % 3 === 1));
    for (let k = 1; k < all.length; k++) expect(all[k - 1]!.createdAt).toBeGreaterThanOrEqual(all[k]!.createdAt);

    const failedNavy = await walk({ ownerId: "owner-1", status: "failed", q: "NAVY", limit: 4 });
    expect(new Set(failedNavy.map((g) => g.id))).toEqual(expected((i) => i % 3 === 1 && i % 4 === 3 && i % 5 === 0));
    expect(failedNavy.length).toBeGreaterThan(4); // more than one page
  });
});

type Explainable = { toSQL(): { sql: string; params: unknown[] } };

function plan(db: SqliteDb, query: Explainable): string {
  const { sql, params } = query.toSQL();
  const rows = db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
  return rows.map((r) => r.detail).join("\n");
}

// SQLite's query plans (Postgres's planner is not asserted: it picks by statistics, and the contract test above
// checks the answers at a few hundred rows).
describe("listGenerations at 10,000 rows (sqlite plans)", () => {
  const db = memoryDb();
  let cursor = "";

  beforeAll(async () => {
    await insertFaceOrGetExisting(db, faceRow({ id: "f1" }));
    const statuses = ["queued", "processing", "succeeded", "failed"] as const;
    const items = Array.from({ length: 10_000 }, (_, i) => {
      const row = { ownerId: `owner-${i % 10}`, createdAt: Math.floor(i / 3), status: statuses[i % 4], nextCheckAt: i };
      return { generation: generationRow("f1", row), outputs: [] };
    });
    await insertGenerationsWithOutputs(db, items);
    db.$client.exec("ANALYZE");
    cursor = (await listGenerations(db, { ownerId: "owner-3", limit: 50 })).nextCursor ?? "";
    expect(cursor).not.toBe("");
  });

  it.each<[string, Omit<ListGenerationsOptions, "ownerId" | "limit">]>([
    ["first page", {}],
    ["a later page", { cursor: "later" }],
    ["a status filter", { status: "failed", cursor: "later" }],
    ["a search", { q: "navy", cursor: "later" }],
  ])("%s seeks the (owner, createdAt, id) index with no scan or sort", (_name, extra) => {
    const opts = { ownerId: "owner-3", limit: 50, ...extra, cursor: extra.cursor ? cursor : undefined };
    const p = plan(db, buildListQuery(db, opts));
    expect(p).toMatch(/SEARCH generations USING INDEX generations_owner_created_idx \(owner_id=\?/);
    expect(p).not.toMatch(/SCAN generations/);
    expect(p).not.toMatch(/TEMP B-TREE/);
  });

  it("the cursor seek is a range on the index, not a filter over all the owner's rows", () => {
    expect(plan(db, buildListQuery(db, { ownerId: "owner-3", limit: 50, cursor }))).toMatch(
      /owner_id=\? AND \(created_at,id\)<\(\?,\?\)/,
    );
  });

  it("returns every one of the owner's 1,000 rows exactly once, in order", async () => {
    const ids: string[] = [];
    let last = Number.POSITIVE_INFINITY;
    let c: string | null = null;
    do {
      const page = await listGenerations(db, { ownerId: "owner-3", limit: 100, cursor: c });
      for (const g of page.items) {
        expect(g.createdAt).toBeLessThanOrEqual(last);
        last = g.createdAt;
        ids.push(g.id);
      }
      c = page.nextCursor;
    } while (c);
    expect(ids).toHaveLength(1_000);
    expect(new Set(ids).size).toBe(1_000);
  });

  it("the sweeper's due query uses the (status, nextCheckAt) index", () => {
    const p = plan(db, buildDueQuery(db, 5_000, 10));
    expect(p).toMatch(/USING INDEX generations_status_next_idx/);
    expect(p).not.toMatch(/SCAN generations/);
  });

  it("would catch a missing index (the plan assertions can fail)", () => {
    const bare = memoryDb();
    bare.$client.exec("DROP INDEX generations_owner_created_idx");
    const p = plan(bare, buildListQuery(bare, { ownerId: "owner-3", limit: 50, cursor }));
    expect(p).toMatch(/TEMP B-TREE|SCAN generations/);
  });
});
