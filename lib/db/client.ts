// lib/db owns the database: the schema (schema.ts), its migrations (migrations/, applied when a database is
// opened), the connection (this file) and every query, as typed functions grouped by table or feature in
// queries/. It is the only place with SQL; everything else calls those functions.
//
// Every query function is async (returns a Promise) although better-sqlite3 answers synchronously: the same
// typed functions are to serve Postgres (drizzle pg-core + pg) in shared mode, whose driver is async.
// Transactions live in lib/db too, each inside one named query function ("create a generation if the quotas
// allow it", "store the outputs and mark the job succeeded"); callers pass their policy in as data and never
// open a transaction themselves (eslint refuses an import of withTransaction outside lib/db). On SQLite each
// is one synchronous IMMEDIATE transaction: it takes the write lock at BEGIN and no `await` happens inside,
// so no other request of this process (nor another process) can interleave. The Postgres implementation is
// to reproduce that with a transaction plus row locks (SELECT … FOR UPDATE) or SERIALIZABLE isolation.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { getConfig } from "@/lib/config";
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

const globalForDb = globalThis as typeof globalThis & { __headshotDb?: Db };

/** The app's database at `${dataDir}/app.db`, opened once per process (survives dev hot reloads). */
export function getDb(): Db {
  if (!globalForDb.__headshotDb) {
    const dir = getConfig().dataDir;
    fs.mkdirSync(dir, { recursive: true });
    globalForDb.__headshotDb = openDb(path.join(dir, "app.db"));
  }
  return globalForDb.__headshotDb;
}

/**
 * Runs `fn` in one IMMEDIATE transaction (nested calls become savepoints). `fn` must be synchronous:
 * better-sqlite3 rolls back and throws if it returns a promise. For lib/db's query functions only (see the
 * header); exported because they sit in queries/*.ts.
 */
export function withTransaction<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn).immediate();
}

/**
 * One prepared statement per database and query. drizzle otherwise rebuilds the SQL and better-sqlite3
 * re-prepares it on every call, which was a fifth of the CPU of a status poll.
 */
export function preparedOnce<P>(build: (db: Db) => P): (db: Db) => P {
  const cache = new WeakMap<Db, P>();
  return (db) => {
    let prepared = cache.get(db);
    if (!prepared) {
      prepared = build(db);
      cache.set(db, prepared);
    }
    return prepared;
  };
}

/** The health check's probe: throws if the database cannot answer a trivial query. */
export async function pingDatabase(db: Db): Promise<void> {
  db.$client.prepare("select 1").get();
}
