import { describe, expect, it } from "vitest";
import { allGenerations, faceRow, generationRow, memoryDb, quotaEventRows } from "@/test/db";
import { insertFaceOrGetExisting } from "./faces";
import { insertGenerationWithinQuota, quotaUsages, refundQuotaEvents, spendQuota, type QuotaAllowance } from "./quotas";
import { getShootRow, insertShoot } from "./shoots";

const owner: QuotaAllowance = { kind: "owner", key: "o1", limit: 2, windowMs: 1_000 };
const global: QuotaAllowance = { kind: "global", key: "all", limit: 10, windowMs: 1_000 };

async function setup() {
  const db = memoryDb();
  await insertFaceOrGetExisting(db, faceRow({ id: "f1" }));
  return db;
}

describe("quota ledger", () => {
  it("spends a unit of every allowance, refuses (writing nothing) once one is used up, and counts a refund back", async () => {
    const db = await setup();
    expect(await spendQuota(db, { generationId: "g1", allowances: [owner, global], now: 100 })).toBeNull();
    expect(await spendQuota(db, { generationId: "g1", allowances: [owner, global], now: 100 })).toBeNull(); // never twice
    expect(await spendQuota(db, { generationId: "g2", allowances: [owner, global], now: 200 })).toBeNull();
    const refused = await spendQuota(db, { generationId: "g3", allowances: [owner, global], now: 300 });
    expect(refused).toMatchObject({ kind: "exhausted", exhausted: [{ allowance: owner, used: 2, nextRenewalAt: 1_100, freesAt: 1_100 }] });
    expect(quotaEventRows(db)).toHaveLength(4);
    expect(await refundQuotaEvents(db, "g1", 400)).toBe(2);
    expect((await quotaUsages(db, [owner], 500))[0]?.used).toBe(1);
    expect((await quotaUsages(db, [owner], 1_200))[0]?.used).toBe(0); // g2's unit left the window
  });

  it("insertGenerationWithinQuota inserts with the spend, or neither: quota refusal, shoot cap, failed insert", async () => {
    const db = await setup();
    const spend = (generationId: string, extra: { shootId?: string } = {}) => ({ generationId, allowances: [owner], now: 100, ...extra });
    const ok = await insertGenerationWithinQuota(db, spend("g1"), generationRow("f1", { id: "g1", idempotencyKey: "k" }));
    expect(ok).toMatchObject({ ok: true, row: { id: "g1" } });
    // The same idempotency key again: the unique index throws, and the spend goes with the insert.
    await expect(insertGenerationWithinQuota(db, spend("g2"), generationRow("f1", { id: "g2", idempotencyKey: "k" }))).rejects.toThrow(/UNIQUE/);
    expect(quotaEventRows(db, "g2")).toEqual([]);

    await insertShoot(db, { id: "s1", name: "s", prompt: "p", negativePrompt: "", width: 512, height: 512, steps: 20, guidanceScale: 5, seed: 1, variants: 1, regenerations: 0, crops: "[]", generationCap: 1, createdAt: 1, updatedAt: 1 });
    expect((await insertGenerationWithinQuota(db, spend("g3", { shootId: "s1" }), generationRow("f1", { id: "g3" }))).ok).toBe(true);
    const capped = await insertGenerationWithinQuota(db, { generationId: "g4", allowances: [global], now: 100, shootId: "s1" }, generationRow("f1", { id: "g4" }));
    expect(capped).toEqual({ ok: false, refusal: { kind: "shoot_cap", cap: 1 } });
    expect((await getShootRow(db, "s1"))?.generationsUsed).toBe(1);

    const refused = await insertGenerationWithinQuota(db, spend("g5"), generationRow("f1", { id: "g5" }));
    expect(refused.ok).toBe(false);
    expect(allGenerations(db).map((g) => g.id).sort()).toEqual(["g1", "g3"]);
    expect(quotaEventRows(db).map((e) => e.generationId).sort()).toEqual(["g1", "g3"]);
  });
});
