import "server-only";
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../open";
import { generations } from "../schema";
import type { GenerationRow, GenerationStatus } from "../types";
import { decodeCursor, encodeCursor } from "./cursor";

export type ListGenerationsOptions = {
  ownerId: string;
  status?: GenerationStatus;
  q?: string;
  cursor?: string | null;
  limit?: number;
};

export type GenerationPage = { items: GenerationRow[]; nextCursor: string | null };

export const DEFAULT_PAGE_SIZE = 20;

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE_SIZE;
  return Math.min(100, Math.max(1, Math.trunc(limit)));
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The query behind listGenerations, exposed so a test can EXPLAIN it. Fetches one extra row to detect a next page. */
export function buildListQuery(db: Db, opts: ListGenerationsOptions) {
  const conds: SQL[] = [eq(generations.ownerId, opts.ownerId)];
  if (opts.status) conds.push(eq(generations.status, opts.status));
  const q = opts.q?.trim();
  // unicode_lower is registered in openDb: SQLite's own LIKE folds ASCII case only.
  if (q) conds.push(sql`unicode_lower(${generations.prompt}) like ${`%${escapeLike(q.toLowerCase())}%`} escape '\\'`);
  if (opts.cursor) {
    const c = decodeCursor(opts.cursor);
    // Row-value comparison keeps the keyset seek on the (owner_id, created_at, id) index.
    conds.push(sql`(${generations.createdAt}, ${generations.id}) < (${c.createdAt}, ${c.id})`);
  }
  return db
    .select()
    .from(generations)
    .where(and(...conds))
    .orderBy(desc(generations.createdAt), desc(generations.id))
    .limit(clampLimit(opts.limit) + 1);
}

/** Newest first, keyset-paginated on (createdAt desc, id desc) with an opaque cursor. */
export function listGenerations(db: Db, opts: ListGenerationsOptions): GenerationPage {
  const limit = clampLimit(opts.limit);
  const rows = buildListQuery(db, opts).all();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null;
  return { items, nextCursor };
}
