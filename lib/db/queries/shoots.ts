import "server-only";
import { and, asc, count, desc, eq, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { UNFINISHED_STATUSES } from "@/lib/validations/generation";
import { withTransaction, type Db } from "../client";
import { generations, outputs, shootPeople, shoots } from "../schema";
import type { GenerationRow, NewShootPersonRow, NewShootRow, OutputRow, ShootPersonRow, ShootRow } from "../schema";

// Team shoots: every query on shoots and shoot_people, and the shoot-scoped reads of generations and outputs
// (counting a generation against a shoot's cap is quotas.ts's: it runs inside the quota spend's transaction).

export type ShootPatch = Partial<Omit<NewShootRow, "id" | "createdAt">>;
export type PersonPatch = Partial<Omit<NewShootPersonRow, "id" | "shootId" | "createdAt">>;

export async function insertShoot(db: Db, row: NewShootRow): Promise<ShootRow> {
  return db.insert(shoots).values(row).returning().get();
}

export async function getShootRow(db: Db, id: string): Promise<ShootRow | undefined> {
  return db.select().from(shoots).where(eq(shoots.id, id)).get();
}

export async function getShootByInviteToken(db: Db, token: string): Promise<ShootRow | undefined> {
  return db.select().from(shoots).where(eq(shoots.inviteToken, token)).get();
}

/** Newest first. */
export async function listShootRows(db: Db): Promise<ShootRow[]> {
  return db.select().from(shoots).orderBy(desc(shoots.createdAt), desc(shoots.id)).all();
}

export async function updateShootRow(db: Db, id: string, patch: ShootPatch): Promise<boolean> {
  return db.update(shoots).set({ updatedAt: Date.now(), ...patch }).where(eq(shoots.id, id)).run().changes > 0;
}

/** Changes the style only while nothing has been generated (a compare-and-set against a racing first generation). */
export async function updateShootStyleIfUnused(db: Db, id: string, patch: ShootPatch): Promise<boolean> {
  return (
    db
      .update(shoots)
      .set({ updatedAt: Date.now(), ...patch })
      .where(and(eq(shoots.id, id), eq(shoots.generationsUsed, 0)))
      .run().changes > 0
  );
}

/** Deletes the shoot and (by cascade) its people; their generations, faces and files are the caller's. */
export async function deleteShootRow(db: Db, id: string): Promise<boolean> {
  return db.delete(shoots).where(eq(shoots.id, id)).run().changes > 0;
}

const peopleIn = (db: Db, shootId: string): number => db.select({ n: count() }).from(shootPeople).where(eq(shootPeople.shootId, shootId)).get()?.n ?? 0;

export async function countPeople(db: Db, shootId: string): Promise<number> {
  return peopleIn(db, shootId);
}

/** Inserts the person unless the shoot already has `maxPeople`; counting and inserting are one transaction. */
export async function insertPersonIfRoom(db: Db, row: NewShootPersonRow, maxPeople: number): Promise<ShootPersonRow | null> {
  return withTransaction(db, () => (peopleIn(db, row.shootId) >= maxPeople ? null : db.insert(shootPeople).values(row).returning().get()));
}

export async function getPerson(db: Db, id: string): Promise<ShootPersonRow | undefined> {
  return db.select().from(shootPeople).where(eq(shootPeople.id, id)).get();
}

export async function getPersonInShoot(db: Db, shootId: string, personId: string): Promise<ShootPersonRow | undefined> {
  return db
    .select()
    .from(shootPeople)
    .where(and(eq(shootPeople.id, personId), eq(shootPeople.shootId, shootId)))
    .get();
}

/** In the order they joined. */
export async function listPeople(db: Db, shootId: string): Promise<ShootPersonRow[]> {
  return db.select().from(shootPeople).where(eq(shootPeople.shootId, shootId)).orderBy(asc(shootPeople.createdAt), asc(sql`rowid`)).all();
}

export async function listAllPeople(db: Db): Promise<ShootPersonRow[]> {
  return db.select().from(shootPeople).all();
}

export async function updatePerson(db: Db, id: string, patch: PersonPatch): Promise<boolean> {
  return db.update(shootPeople).set({ updatedAt: Date.now(), ...patch }).where(eq(shootPeople.id, id)).run().changes > 0;
}

export async function deletePersonRow(db: Db, id: string): Promise<boolean> {
  return db.delete(shootPeople).where(eq(shootPeople.id, id)).run().changes > 0;
}

/** Spends one of the person's regenerations if any is left under `limit` and none of their jobs is unfinished. */
export async function takeRegeneration(db: Db, personId: string, limit: number): Promise<boolean> {
  // One statement (a compare-and-set): the "nothing still being made" check the caller did before is repeated
  // here, so a second request that slipped in after it cannot also take a round.
  const idle = sql`not exists (select 1 from ${generations} where ${generations.personId} = ${personId} and ${inArray(generations.status, [...UNFINISHED_STATUSES])})`;
  return (
    db
      .update(shootPeople)
      .set({ regenerationsUsed: sql`${shootPeople.regenerationsUsed} + 1`, updatedAt: Date.now() })
      .where(and(eq(shootPeople.id, personId), lt(shootPeople.regenerationsUsed, limit), idle))
      .run().changes > 0
  );
}

/** Undoes takeRegeneration when none of the new variants could be started. */
export async function giveBackRegeneration(db: Db, personId: string): Promise<void> {
  db.update(shootPeople)
    .set({ regenerationsUsed: sql`max(0, ${shootPeople.regenerationsUsed} - 1)` })
    .where(eq(shootPeople.id, personId))
    .run();
}

/** A shoot's generations in the order they were made (insertion order breaks ties within one millisecond). */
export async function listShootGenerations(db: Db, shootId: string): Promise<GenerationRow[]> {
  return db.select().from(generations).where(eq(generations.shootId, shootId)).orderBy(asc(generations.createdAt), asc(sql`rowid`)).all();
}

export async function listPersonGenerations(db: Db, personId: string): Promise<GenerationRow[]> {
  return db.select().from(generations).where(eq(generations.personId, personId)).orderBy(asc(generations.createdAt), asc(sql`rowid`)).all();
}

export async function countPersonGenerations(db: Db, personId: string): Promise<number> {
  return db.select({ n: count() }).from(generations).where(eq(generations.personId, personId)).get()?.n ?? 0;
}

/** Per person of every shoot: how many generations are unfinished, succeeded and in all (for the shoot list). */
export async function personGenerationCounts(db: Db): Promise<Map<string, { unfinished: number; succeeded: number; total: number }>> {
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
export async function listShootOutputs(db: Db, shootId: string): Promise<OutputRow[]> {
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
export async function getPersonOutput(db: Db, personId: string, outputId: string): Promise<{ output: OutputRow; generation: GenerationRow } | undefined> {
  const row = db
    .select({ output: outputs, generation: generations })
    .from(outputs)
    .innerJoin(generations, eq(outputs.generationId, generations.id))
    .where(and(eq(outputs.id, outputId), eq(generations.personId, personId)))
    .get();
  return row ?? undefined;
}
