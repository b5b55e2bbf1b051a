import "server-only";
import { and, asc, count, desc, eq, isNotNull, lt, sql } from "drizzle-orm";
import { withTransaction, type Db } from "../client";
import { generations, outputs, shootPeople, shoots } from "../schema";
import type { GenerationRow, NewShootPersonRow, NewShootRow, OutputRow, ShootPersonRow, ShootRow } from "../schema";

// Team shoots: every query on shoots and shoot_people, and the shoot-scoped reads of generations and outputs.

export type ShootPatch = Partial<Omit<NewShootRow, "id" | "createdAt">>;
export type PersonPatch = Partial<Omit<NewShootPersonRow, "id" | "shootId" | "createdAt">>;

export function insertShoot(db: Db, row: NewShootRow): ShootRow {
  return db.insert(shoots).values(row).returning().get();
}

export function getShootRow(db: Db, id: string): ShootRow | undefined {
  return db.select().from(shoots).where(eq(shoots.id, id)).get();
}

export function getShootByInviteToken(db: Db, token: string): ShootRow | undefined {
  return db.select().from(shoots).where(eq(shoots.inviteToken, token)).get();
}

/** Newest first. */
export function listShootRows(db: Db): ShootRow[] {
  return db.select().from(shoots).orderBy(desc(shoots.createdAt), desc(shoots.id)).all();
}

export function updateShootRow(db: Db, id: string, patch: ShootPatch): boolean {
  return db.update(shoots).set({ updatedAt: Date.now(), ...patch }).where(eq(shoots.id, id)).run().changes > 0;
}

/** Changes the style only while nothing has been generated (a compare-and-set against a racing first generation). */
export function updateShootStyleIfUnused(db: Db, id: string, patch: ShootPatch): boolean {
  return (
    db
      .update(shoots)
      .set({ updatedAt: Date.now(), ...patch })
      .where(and(eq(shoots.id, id), eq(shoots.generationsUsed, 0)))
      .run().changes > 0
  );
}

/** Deletes the shoot and (by cascade) its people; their generations, faces and files are the caller's. */
export function deleteShootRow(db: Db, id: string): boolean {
  return db.delete(shoots).where(eq(shoots.id, id)).run().changes > 0;
}

/**
 * Counts one more generation against the shoot, unless its cap is reached. Runs inside the caller's
 * transaction (the quota's), so two requests cannot both take the last unit.
 */
export function reserveShootGeneration(db: Db, shootId: string): { ok: true } | { ok: false; cap: number } {
  const changed = db
    .update(shoots)
    .set({ generationsUsed: sql`${shoots.generationsUsed} + 1` })
    .where(and(eq(shoots.id, shootId), sql`(${shoots.generationCap} is null or ${shoots.generationsUsed} < ${shoots.generationCap})`))
    .run().changes;
  if (changed > 0) return { ok: true };
  return { ok: false, cap: getShootRow(db, shootId)?.generationCap ?? 0 };
}

export function countPeople(db: Db, shootId: string): number {
  return db.select({ n: count() }).from(shootPeople).where(eq(shootPeople.shootId, shootId)).get()?.n ?? 0;
}

/** Inserts the person unless the shoot already has `maxPeople`; counting and inserting are one transaction. */
export function insertPersonIfRoom(db: Db, row: NewShootPersonRow, maxPeople: number): ShootPersonRow | null {
  return withTransaction(db, () => (countPeople(db, row.shootId) >= maxPeople ? null : db.insert(shootPeople).values(row).returning().get()));
}

export function getPerson(db: Db, id: string): ShootPersonRow | undefined {
  return db.select().from(shootPeople).where(eq(shootPeople.id, id)).get();
}

export function getPersonInShoot(db: Db, shootId: string, personId: string): ShootPersonRow | undefined {
  return db
    .select()
    .from(shootPeople)
    .where(and(eq(shootPeople.id, personId), eq(shootPeople.shootId, shootId)))
    .get();
}

/** In the order they joined. */
export function listPeople(db: Db, shootId: string): ShootPersonRow[] {
  return db.select().from(shootPeople).where(eq(shootPeople.shootId, shootId)).orderBy(asc(shootPeople.createdAt), asc(sql`rowid`)).all();
}

export function listAllPeople(db: Db): ShootPersonRow[] {
  return db.select().from(shootPeople).all();
}

export function updatePerson(db: Db, id: string, patch: PersonPatch): boolean {
  return db.update(shootPeople).set({ updatedAt: Date.now(), ...patch }).where(eq(shootPeople.id, id)).run().changes > 0;
}

export function deletePersonRow(db: Db, id: string): boolean {
  return db.delete(shootPeople).where(eq(shootPeople.id, id)).run().changes > 0;
}

/** Spends one of the person's regenerations if any is left under `limit`. */
export function takeRegeneration(db: Db, personId: string, limit: number): boolean {
  return (
    db
      .update(shootPeople)
      .set({ regenerationsUsed: sql`${shootPeople.regenerationsUsed} + 1`, updatedAt: Date.now() })
      .where(and(eq(shootPeople.id, personId), lt(shootPeople.regenerationsUsed, limit)))
      .run().changes > 0
  );
}

/** Undoes takeRegeneration when none of the new variants could be started. */
export function giveBackRegeneration(db: Db, personId: string): void {
  db.update(shootPeople)
    .set({ regenerationsUsed: sql`max(0, ${shootPeople.regenerationsUsed} - 1)` })
    .where(eq(shootPeople.id, personId))
    .run();
}

/** A shoot's generations in the order they were made (insertion order breaks ties within one millisecond). */
export function listShootGenerations(db: Db, shootId: string): GenerationRow[] {
  return db.select().from(generations).where(eq(generations.shootId, shootId)).orderBy(asc(generations.createdAt), asc(sql`rowid`)).all();
}

export function listPersonGenerations(db: Db, personId: string): GenerationRow[] {
  return db.select().from(generations).where(eq(generations.personId, personId)).orderBy(asc(generations.createdAt), asc(sql`rowid`)).all();
}

export function countPersonGenerations(db: Db, personId: string): number {
  return db.select({ n: count() }).from(generations).where(eq(generations.personId, personId)).get()?.n ?? 0;
}

/** Per person of every shoot: how many generations are unfinished, succeeded and in all (for the shoot list). */
export function personGenerationCounts(db: Db): Map<string, { unfinished: number; succeeded: number; total: number }> {
  const rows = db
    .select({
      personId: generations.personId,
      unfinished: sql<number>`sum(case when ${generations.status} in ('queued', 'processing') then 1 else 0 end)`,
      succeeded: sql<number>`sum(case when ${generations.status} = 'succeeded' then 1 else 0 end)`,
      total: count(),
    })
    .from(generations)
    .where(isNotNull(generations.personId))
    .groupBy(generations.personId)
    .all();
  const out = new Map<string, { unfinished: number; succeeded: number; total: number }>();
  for (const r of rows) if (r.personId) out.set(r.personId, { unfinished: Number(r.unfinished), succeeded: Number(r.succeeded), total: r.total });
  return out;
}

/** Every stored output of a shoot (one join, however many people). */
export function listShootOutputs(db: Db, shootId: string): OutputRow[] {
  return db
    .select({ output: outputs })
    .from(outputs)
    .innerJoin(generations, eq(outputs.generationId, generations.id))
    .where(eq(generations.shootId, shootId))
    .orderBy(asc(outputs.generationId), asc(outputs.idx))
    .all()
    .map((r) => r.output);
}

/** The output, only when it was made for this person. */
export function getPersonOutput(db: Db, personId: string, outputId: string): { output: OutputRow; generation: GenerationRow } | undefined {
  const row = db
    .select({ output: outputs, generation: generations })
    .from(outputs)
    .innerJoin(generations, eq(outputs.generationId, generations.id))
    .where(and(eq(outputs.id, outputId), eq(generations.personId, personId)))
    .get();
  return row ?? undefined;
}
