import "server-only";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

// Resolved from the working directory, not import.meta/__dirname: Next bundles server code into .next/,
// so the module's own location no longer points at the SQL files. The app always runs from the repo root.
export const MIGRATIONS_DIR = path.join(process.cwd(), "lib", "db", "migrations");

/** Opens (or creates) a database file — ":memory:" for tests — and brings its schema up to date. */
export function openDb(file: string): Db {
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.function("unicode_lower", { deterministic: true }, (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v));
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return db;
}

/**
 * Runs `fn` in one IMMEDIATE transaction (nested calls become savepoints). `fn` must be synchronous:
 * better-sqlite3 rolls back and throws if it returns a promise.
 */
export function withTransaction<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn).immediate();
}
