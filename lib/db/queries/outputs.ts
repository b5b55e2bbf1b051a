import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { preparedOnce, withTransaction, type Db } from "../client";
import { outputs, type NewOutputRow, type OutputRow } from "../schema";

/** Inserts all rows at once; a row whose (generationId, idx) already exists is left as it was. */
export async function insertOutputs(db: Db, rows: NewOutputRow[]): Promise<number> {
  if (rows.length === 0) return 0;
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
  return outputsOf(db).all({ generationId });
}

export async function listOutputsForGenerations(db: Db, generationIds: readonly string[]): Promise<OutputRow[]> {
  if (generationIds.length === 0) return [];
  return db
    .select()
    .from(outputs)
    .where(inArray(outputs.generationId, [...generationIds]))
    .orderBy(asc(outputs.generationId), asc(outputs.idx))
    .all();
}

export async function getOutput(db: Db, generationId: string, idx: number): Promise<OutputRow | undefined> {
  return db.select().from(outputs).where(and(eq(outputs.generationId, generationId), eq(outputs.idx, idx))).get();
}
