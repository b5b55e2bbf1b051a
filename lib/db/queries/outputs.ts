import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { preparedOnce, withTransaction, type Db } from "../client";
import * as pg from "../pg-schema";
import { outputs, type NewOutputRow, type OutputRow } from "../schema";

/** Inserts all rows at once; a row whose (generationId, idx) already exists is left as it was. */
export async function insertOutputs(db: Db, rows: NewOutputRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  if (db.engine === "pg") {
    const inserted = await db.insert(pg.outputs).values(rows).onConflictDoNothing({ target: [pg.outputs.generationId, pg.outputs.idx] }).returning({ id: pg.outputs.id });
    return inserted.length;
  }
  return withTransaction(db, () => {
    let inserted = 0;
    for (const row of rows) {
      inserted += db.insert(outputs).values(row).onConflictDoNothing({ target: [outputs.generationId, outputs.idx] }).run().changes;
    }
    return inserted;
  });
}

const outputsOf = preparedOnce((db) =>
  db.select().from(outputs).where(eq(outputs.generationId, sql.placeholder("generationId"))).orderBy(asc(outputs.idx)).prepare(),
);

export async function listOutputs(db: Db, generationId: string): Promise<OutputRow[]> {
  if (db.engine === "pg") return db.select().from(pg.outputs).where(eq(pg.outputs.generationId, generationId)).orderBy(asc(pg.outputs.idx));
  return outputsOf(db).all({ generationId });
}

export async function listOutputsForGenerations(db: Db, generationIds: readonly string[]): Promise<OutputRow[]> {
  if (generationIds.length === 0) return [];
  if (db.engine === "pg") {
    return db
      .select()
      .from(pg.outputs)
      .where(inArray(pg.outputs.generationId, [...generationIds]))
      .orderBy(asc(pg.outputs.generationId), asc(pg.outputs.idx));
  }
  return db
    .select()
    .from(outputs)
    .where(inArray(outputs.generationId, [...generationIds]))
    .orderBy(asc(outputs.generationId), asc(outputs.idx))
    .all();
}

export async function getOutput(db: Db, generationId: string, idx: number): Promise<OutputRow | undefined> {
  if (db.engine === "pg") return (await db.select().from(pg.outputs).where(and(eq(pg.outputs.generationId, generationId), eq(pg.outputs.idx, idx))))[0];
  return db.select().from(outputs).where(and(eq(outputs.generationId, generationId), eq(outputs.idx, idx))).get();
}
