import { expect, it } from "vitest";
import { closeDb, openPgDb, type Db } from "@/lib/db/client";
import { allGenerations, eachDialect, expectDbError, faceRow, generationRow, quotaEventRows } from "@/test/db";
import { insertFaceOrGetExisting } from "./faces";
import { deleteQuotaEventsUpTo, insertGenerationWithinQuota, quotaUsages, refundQuotaEvents, spendQuota, type QuotaAllowance } from "./quotas";
import { getShootRow, insertShoot } from "./shoots";

const owner: QuotaAllowance = { kind: "owner", key: "o1", limit: 2, windowMs: 1_000 };
const global: QuotaAllowance = { kind: "global", key: "all", limit: 10, windowMs: 1_000 };

eachDialect("quota ledger", (emptyDb, dialect) => {
  async function setup(): Promise<Db> {
    const db = await emptyDb();
    await insertFaceOrGetExisting(db, faceRow({ id: "f1" }));
    return db;
  }

  it("spends a unit of every allowance, refuses (writing nothing) once one is used up, and counts a refund back", async () => {
    const db = await setup();
    expect(await spendQuota(db, { generationId: "g1", allowances: [owner, global], now: 100 })).toBeNull();
    expect(await spendQuota(db, { generationId: "g1", allowances: [owner, global], now: 100 })).toBeNull(); // never twice
    expect(await spendQuota(db, { generationId: "g2", allowances: [owner, global], now: 200 })).toBeNull();
    const refused = await spendQuota(db, { generationId: "g3", allowances: [owner, global], now: 300 });
    expect(refused).toMatchObject({ kind: "exhausted", exhausted: [{ allowance: owner, used: 2, nextRenewalAt: 1_100, freesAt: 1_100 }] });
    expect(await quotaEventRows(db)).toHaveLength(4);
    expect(await refundQuotaEvents(db, "g1", 400)).toBe(2);
    expect(await refundQuotaEvents(db, "g1", 450)).toBe(0);
    expect((await quotaEventRows(db, "g1")).map((e) => e.refundedAt)).toEqual([400, 400]);
    expect((await quotaUsages(db, [owner], 500))[0]?.used).toBe(1);
    expect((await quotaUsages(db, [owner], 1_200))[0]?.used).toBe(0); // g2's unit left the window
  });

  it("quotaUsages: renewal of the oldest event, and when a unit frees after the limit was lowered below the usage", async () => {
    const db = await setup();
    for (const [i, at] of [300, 100, 200].entries()) await spendQuota(db, { generationId: `g${i}`, allowances: [global], now: at });
    expect(await quotaUsages(db, [], 400)).toEqual([]);
    const [usage, lowered, empty] = await quotaUsages(db, [global, { ...global, limit: 2 }, { ...owner, key: "nobody" }], 400);
    // Under the limit: nothing to free. Oldest (100) renews at 1_100.
    expect(usage).toEqual({ allowance: global, used: 3, nextRenewalAt: 1_100, freesAt: null });
    // Limit 2 with 3 counted: below the limit only once the two oldest (100, 200) have expired.
    expect(lowered).toMatchObject({ used: 3, nextRenewalAt: 1_100, freesAt: 1_200 });
    expect(empty).toMatchObject({ used: 0, nextRenewalAt: null, freesAt: null });
    // An event counts while createdAt > now - window.
    expect((await quotaUsages(db, [global], 1_100))[0]?.used).toBe(2);
  });

  it("insertGenerationWithinQuota inserts with the spend, or neither: quota refusal, shoot cap, failed insert", async () => {
    const db = await setup();
    const spend = (generationId: string, extra: { shootId?: string } = {}) => ({ generationId, allowances: [owner], now: 100, ...extra });
    const ok = await insertGenerationWithinQuota(db, spend("g1"), generationRow("f1", { id: "g1", idempotencyKey: "k" }));
    expect(ok).toMatchObject({ ok: true, row: { id: "g1", idempotencyKey: "k", base64: false, simulated: true, seed: 42, createdAt: 1_000 } });
    // The same idempotency key again: the unique index throws, and the spend goes with the insert.
    await expectDbError(insertGenerationWithinQuota(db, spend("g2"), generationRow("f1", { id: "g2", idempotencyKey: "k" })), "unique");
    expect(await quotaEventRows(db, "g2")).toEqual([]);

    await insertShoot(db, { id: "s1", name: "s", prompt: "p", negativePrompt: "", width: 512, height: 512, steps: 20, guidanceScale: 5, seed: 1, variants: 1, regenerations: 0, crops: "[]", generationCap: 1, createdAt: 1, updatedAt: 1 });
    expect((await insertGenerationWithinQuota(db, spend("g3", { shootId: "s1" }), generationRow("f1", { id: "g3" }))).ok).toBe(true);
    const capped = await insertGenerationWithinQuota(db, { generationId: "g4", allowances: [global], now: 100, shootId: "s1" }, generationRow("f1", { id: "g4" }));
    expect(capped).toEqual({ ok: false, refusal: { kind: "shoot_cap", cap: 1 } });
    expect((await getShootRow(db, "s1"))?.generationsUsed).toBe(1);
    // An unknown shoot is refused like a full one (cap 0), spending nothing.
    expect(await spendQuota(db, { generationId: "g6", allowances: [global], now: 100, shootId: "nope" })).toEqual({ kind: "shoot_cap", cap: 0 });

    const refused = await insertGenerationWithinQuota(db, spend("g5"), generationRow("f1", { id: "g5" }));
    expect(refused.ok).toBe(false);
    expect((await allGenerations(db)).map((g) => g.id).sort()).toEqual(["g1", "g3"]);
    expect((await quotaEventRows(db)).map((e) => e.generationId).sort()).toEqual(["g1", "g3"]);
  });

  it("deleteQuotaEventsUpTo removes events created at or before the cutoff, refunded or not", async () => {
    const db = await setup();
    for (const at of [100, 200, 300]) await spendQuota(db, { generationId: `g${at}`, allowances: [{ ...owner, key: `o${at}` }, global], now: at });
    await refundQuotaEvents(db, "g100", 150);
    expect(await deleteQuotaEventsUpTo(db, 99)).toBe(0);
    expect(await deleteQuotaEventsUpTo(db, 200)).toBe(4);
    expect((await quotaEventRows(db)).map((e) => e.generationId)).toEqual(["g300", "g300"]);
  });

  if (dialect === "postgres") {
    it("two pools racing N spends against a limit L < N: exactly L succeed (the ledger's advisory lock)", async () => {
      const db = await setup();
      if (db.engine !== "pg") throw new Error("expected Postgres");
      const url = db.$client.options.connectionString;
      if (!url) throw new Error("the test pool has no connection string");
      const other = await openPgDb(url, { max: 4 });
      try {
        const L = 5;
        const N = 16;
        const limited: QuotaAllowance = { kind: "global", key: "race", limit: L, windowMs: 60_000 };
        // Half spend alone, half spend-and-insert; alternate pools so both instances' transactions interleave.
        const results = await Promise.all(
          Array.from({ length: N }, async (_, i) => {
            const pool = i % 2 === 0 ? db : other;
            const spend = { generationId: `r${i}`, allowances: [limited], now: 1_000 + i };
            if (i % 4 < 2) return (await spendQuota(pool, spend)) === null;
            return (await insertGenerationWithinQuota(pool, spend, generationRow("f1", { id: `r${i}` }))).ok;
          }),
        );
        expect(results.filter(Boolean)).toHaveLength(L);
        expect(await quotaEventRows(db)).toHaveLength(L);
        expect((await quotaUsages(other, [limited], 2_000))[0]?.used).toBe(L);
        // Every generation row belongs to a spend that succeeded.
        const spent = new Set((await quotaEventRows(db)).map((e) => e.generationId));
        for (const g of await allGenerations(db)) expect(spent.has(g.id)).toBe(true);
      } finally {
        await closeDb(other);
      }
    });
  }
});
