import "server-only";
import { and, asc, count, desc, eq, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { UNFINISHED_STATUSES } from "@/lib/validations/generation";
import { withTransaction, type Db, type SqliteDb } from "../client";
import * as pg from "../pg-schema";
import { generations, outputs, shootPeople, shoots } from "../schema";
import type { GenerationRow, NewShootPersonRow, NewShootRow, OutputRow, ShootPersonRow, ShootRow } from "../schema";

// Team shoots: every query on shoots and shoot_people, and the shoot-scoped reads of generations and outputs
// (counting a generation against a shoot's cap is quotas.ts's: it runs inside the quota spend's transaction).
//
// Order of rows made in the same millisecond: SQLite breaks the tie by rowid (insertion order). Postgres has
// no insertion order to read, so there a person's generations tie-break by variant (one createGeneration
// call inserts variants 0..n-1 together, so that is their insertion order) and then, like people, by id.

export type ShootPatch = Partial<Omit<NewShootRow, "id" | "createdAt">>;
export type PersonPatch = Partial<Omit<NewShootPersonRow, "id" | "shootId" | "createdAt">>;

/** The row a single-row INSERT … RETURNING gave back (Postgres answers with an array). */
function returnedRow<T>(rows: T[]): T {
  const [row] = rows;
  if (row === undefined) throw new Error("insert returned no row");
  return row;
}

export async function insertShoot(db: Db, row: NewShootRow): Promise<ShootRow> {
  if (db.engine === "pg") return returnedRow(await db.insert(pg.shoots).values(row).returning());
  return db.insert(shoots).values(row).returning().get();
}

export async function getShootRow(db: Db, id: string): Promise<ShootRow | undefined> {
  if (db.engine === "pg") return (await db.select().from(pg.shoots).where(eq(pg.shoots.id, id)))[0];
  return db.select().from(shoots).where(eq(shoots.id, id)).get();
}

export async function getShootByInviteToken(db: Db, token: string): Promise<ShootRow | undefined> {
  if (db.engine === "pg") return (await db.select().from(pg.shoots).where(eq(pg.shoots.inviteToken, token)))[0];
  return db.select().from(shoots).where(eq(shoots.inviteToken, token)).get();
}

/** Newest first. */
export async function listShootRows(db: Db): Promise<ShootRow[]> {
  if (db.engine === "pg") return db.select().from(pg.shoots).orderBy(desc(pg.shoots.createdAt), desc(pg.shoots.id));
  return db.select().from(shoots).orderBy(desc(shoots.createdAt), desc(shoots.id)).all();
}

export async function updateShootRow(db: Db, id: string, patch: ShootPatch): Promise<boolean> {
  if (db.engine === "pg") {
    return (await db.update(pg.shoots).set({ updatedAt: Date.now(), ...patch }).where(eq(pg.shoots.id, id)).returning({ id: pg.shoots.id })).length > 0;
  }
  return db.update(shoots).set({ updatedAt: Date.now(), ...patch }).where(eq(shoots.id, id)).run().changes > 0;
}

/** Changes the style only while nothing has been generated (a compare-and-set against a racing first generation). */
export async function updateShootStyleIfUnused(db: Db, id: string, patch: ShootPatch): Promise<boolean> {
  if (db.engine === "pg") {
    const changed = await db
      .update(pg.shoots)
      .set({ updatedAt: Date.now(), ...patch })
      .where(and(eq(pg.shoots.id, id), eq(pg.shoots.generationsUsed, 0)))
      .returning({ id: pg.shoots.id });
    return changed.length > 0;
  }
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
  if (db.engine === "pg") return (await db.delete(pg.shoots).where(eq(pg.shoots.id, id)).returning({ id: pg.shoots.id })).length > 0;
  return db.delete(shoots).where(eq(shoots.id, id)).run().changes > 0;
}

// Synchronous, so insertPersonIfRoom can count and insert in one SQLite transaction.
const peopleIn = (db: SqliteDb, shootId: string): number => db.select({ n: count() }).from(shootPeople).where(eq(shootPeople.shootId, shootId)).get()?.n ?? 0;

export async function countPeople(db: Db, shootId: string): Promise<number> {
  if (db.engine === "pg") return (await db.select({ n: count() }).from(pg.shootPeople).where(eq(pg.shootPeople.shootId, shootId)))[0]?.n ?? 0;
  return peopleIn(db, shootId);
}

/** Inserts the person unless the shoot already has `maxPeople`; counting and inserting are one transaction. */
export async function insertPersonIfRoom(db: Db, row: NewShootPersonRow, maxPeople: number): Promise<ShootPersonRow | null> {
  if (db.engine === "pg") {
    return db.transaction(async (tx) => {
      // The shoot's row lock (held to commit) serializes count-then-insert per shoot across instances, as
      // SQLite's writer lock did: two joins racing for the last place cannot both count maxPeople - 1. No
      // shoot row: nothing is locked, and the insert below fails on the foreign key as on SQLite.
      await tx.select({ id: pg.shoots.id }).from(pg.shoots).where(eq(pg.shoots.id, row.shootId)).for("update");
      const people = (await tx.select({ n: count() }).from(pg.shootPeople).where(eq(pg.shootPeople.shootId, row.shootId)))[0]?.n ?? 0;
      if (people >= maxPeople) return null;
      return returnedRow(await tx.insert(pg.shootPeople).values(row).returning());
    });
  }
  return withTransaction(db, () => (peopleIn(db, row.shootId) >= maxPeople ? null : db.insert(shootPeople).values(row).returning().get()));
}

export async function getPerson(db: Db, id: string): Promise<ShootPersonRow | undefined> {
  if (db.engine === "pg") return (await db.select().from(pg.shootPeople).where(eq(pg.shootPeople.id, id)))[0];
  return db.select().from(shootPeople).where(eq(shootPeople.id, id)).get();
}

export async function getPersonInShoot(db: Db, shootId: string, personId: string): Promise<ShootPersonRow | undefined> {
  if (db.engine === "pg") {
    return (
      await db
        .select()
        .from(pg.shootPeople)
        .where(and(eq(pg.shootPeople.id, personId), eq(pg.shootPeople.shootId, shootId)))
    )[0];
  }
  return db
    .select()
    .from(shootPeople)
    .where(and(eq(shootPeople.id, personId), eq(shootPeople.shootId, shootId)))
    .get();
}

/** In the order they joined. */
export async function listPeople(db: Db, shootId: string): Promise<ShootPersonRow[]> {
  if (db.engine === "pg") return db.select().from(pg.shootPeople).where(eq(pg.shootPeople.shootId, shootId)).orderBy(asc(pg.shootPeople.createdAt), asc(pg.shootPeople.id));
  return db.select().from(shootPeople).where(eq(shootPeople.shootId, shootId)).orderBy(asc(shootPeople.createdAt), asc(sql`rowid`)).all();
}

export async function listAllPeople(db: Db): Promise<ShootPersonRow[]> {
  if (db.engine === "pg") return db.select().from(pg.shootPeople);
  return db.select().from(shootPeople).all();
}

export async function updatePerson(db: Db, id: string, patch: PersonPatch): Promise<boolean> {
  if (db.engine === "pg") {
    return (await db.update(pg.shootPeople).set({ updatedAt: Date.now(), ...patch }).where(eq(pg.shootPeople.id, id)).returning({ id: pg.shootPeople.id })).length > 0;
  }
  return db.update(shootPeople).set({ updatedAt: Date.now(), ...patch }).where(eq(shootPeople.id, id)).run().changes > 0;
}

export async function deletePersonRow(db: Db, id: string): Promise<boolean> {
  if (db.engine === "pg") return (await db.delete(pg.shootPeople).where(eq(pg.shootPeople.id, id)).returning({ id: pg.shootPeople.id })).length > 0;
  return db.delete(shootPeople).where(eq(shootPeople.id, id)).run().changes > 0;
}

// takeRegeneration's "none of the person's jobs is unfinished", for either dialect's generations table.
const idleCheck = (t: typeof generations | typeof pg.generations, personId: string) =>
  sql`not exists (select 1 from ${t} where ${t.personId} = ${personId} and ${inArray(t.status, [...UNFINISHED_STATUSES])})`;

/** Spends one of the person's regenerations if any is left under `limit` and none of their jobs is unfinished. */
export async function takeRegeneration(db: Db, personId: string, limit: number): Promise<boolean> {
  // One statement (a compare-and-set): the "nothing still being made" check the caller did before is repeated
  // here, so a second request that slipped in after it cannot also take a round. On Postgres a racing UPDATE
  // waits for the row lock and re-checks `regenerations_used < limit` on the committed row.
  if (db.engine === "pg") {
    const t = pg.shootPeople;
    const changed = await db
      .update(t)
      .set({ regenerationsUsed: sql`${t.regenerationsUsed} + 1`, updatedAt: Date.now() })
      .where(and(eq(t.id, personId), lt(t.regenerationsUsed, limit), idleCheck(pg.generations, personId)))
      .returning({ id: t.id });
    return changed.length > 0;
  }
  return (
    db
      .update(shootPeople)
      .set({ regenerationsUsed: sql`${shootPeople.regenerationsUsed} + 1`, updatedAt: Date.now() })
      .where(and(eq(shootPeople.id, personId), lt(shootPeople.regenerationsUsed, limit), idleCheck(generations, personId)))
      .run().changes > 0
  );
}

/** Undoes takeRegeneration when none of the new variants could be started. */
export async function giveBackRegeneration(db: Db, personId: string): Promise<void> {
  if (db.engine === "pg") {
    // greatest(): Postgres's max() is only the aggregate.
    await db
      .update(pg.shootPeople)
      .set({ regenerationsUsed: sql`greatest(0, ${pg.shootPeople.regenerationsUsed} - 1)` })
      .where(eq(pg.shootPeople.id, personId));
    return;
  }
  db.update(shootPeople)
    .set({ regenerationsUsed: sql`max(0, ${shootPeople.regenerationsUsed} - 1)` })
    .where(eq(shootPeople.id, personId))
    .run();
}

/** A shoot's generations in the order they were made (insertion order breaks ties within one millisecond). */
export async function listShootGenerations(db: Db, shootId: string): Promise<GenerationRow[]> {
  if (db.engine === "pg") {
    const t = pg.generations;
    return db.select().from(t).where(eq(t.shootId, shootId)).orderBy(asc(t.createdAt), asc(t.variant), asc(t.id));
  }
  return db.select().from(generations).where(eq(generations.shootId, shootId)).orderBy(asc(generations.createdAt), asc(sql`rowid`)).all();
}

export async function listPersonGenerations(db: Db, personId: string): Promise<GenerationRow[]> {
  if (db.engine === "pg") {
    const t = pg.generations;
    return db.select().from(t).where(eq(t.personId, personId)).orderBy(asc(t.createdAt), asc(t.variant), asc(t.id));
  }
  return db.select().from(generations).where(eq(generations.personId, personId)).orderBy(asc(generations.createdAt), asc(sql`rowid`)).all();
}

export async function countPersonGenerations(db: Db, personId: string): Promise<number> {
  if (db.engine === "pg") return (await db.select({ n: count() }).from(pg.generations).where(eq(pg.generations.personId, personId)))[0]?.n ?? 0;
  return db.select({ n: count() }).from(generations).where(eq(generations.personId, personId)).get()?.n ?? 0;
}

type PersonCounts = { unfinished: number; succeeded: number; total: number };

// personGenerationCounts's sums, for either dialect's table. Postgres's sum() is a bigint, which node-postgres
// hands over as a string: Number() below reads either dialect's answer.
const statusSums = (t: typeof generations | typeof pg.generations) => ({
  unfinished: sql<number | string>`sum(case when ${inArray(t.status, [...UNFINISHED_STATUSES])} then 1 else 0 end)`,
  succeeded: sql<number | string>`sum(case when ${t.status} = 'succeeded' then 1 else 0 end)`,
});

/** Per person of every shoot: how many generations are unfinished, succeeded and in all (for the shoot list). */
export async function personGenerationCounts(db: Db): Promise<Map<string, PersonCounts>> {
  const rows =
    db.engine === "pg"
      ? await db
          .select({ personId: pg.generations.personId, ...statusSums(pg.generations), total: count() })
          .from(pg.generations)
          .where(isNotNull(pg.generations.personId))
          .groupBy(pg.generations.personId)
      : db
          .select({ personId: generations.personId, ...statusSums(generations), total: count() })
          .from(generations)
          .where(isNotNull(generations.personId))
          .groupBy(generations.personId)
          .all();
  const out = new Map<string, PersonCounts>();
  for (const r of rows) if (r.personId) out.set(r.personId, { unfinished: Number(r.unfinished), succeeded: Number(r.succeeded), total: r.total });
  return out;
}

/** Every stored output of a shoot (one join, however many people). */
export async function listShootOutputs(db: Db, shootId: string): Promise<OutputRow[]> {
  if (db.engine === "pg") {
    const rows = await db
      .select({ output: pg.outputs })
      .from(pg.outputs)
      .innerJoin(pg.generations, eq(pg.outputs.generationId, pg.generations.id))
      .where(eq(pg.generations.shootId, shootId))
      .orderBy(asc(pg.outputs.generationId), asc(pg.outputs.idx));
    return rows.map((r) => r.output);
  }
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
  if (db.engine === "pg") {
    const rows = await db
      .select({ output: pg.outputs, generation: pg.generations })
      .from(pg.outputs)
      .innerJoin(pg.generations, eq(pg.outputs.generationId, pg.generations.id))
      .where(and(eq(pg.outputs.id, outputId), eq(pg.generations.personId, personId)));
    return rows[0];
  }
  const row = db
    .select({ output: outputs, generation: generations })
    .from(outputs)
    .innerJoin(generations, eq(outputs.generationId, generations.id))
    .where(and(eq(outputs.id, outputId), eq(generations.personId, personId)))
    .get();
  return row ?? undefined;
}
