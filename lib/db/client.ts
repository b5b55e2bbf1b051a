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
// so no other request of this process (nor another process) can interleave. On Postgres each is one
// transaction that first takes a transaction-scoped advisory lock named for what it protects (the quota
// ledger, the submission queue), so two instances serialize on exactly the step that must not interleave.
//
// Two dialects, one set of functions: `Db` is either database, tagged by `engine`. Each query function
// starts with `if (db.engine === "pg")` for its Postgres form (tables from pg-schema.ts) and continues with
// the SQLite form; both return the same row types, and lib/db/queries/*.test.ts run every function against
// both (test/db.ts `eachDialect`).
import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { drizzle as drizzlePg, type NodePgDatabase, type NodePgQueryResultHKT } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase } from "drizzle-orm/pg-core";
import pg from "pg";
import { getConfig } from "@/lib/config";
import * as schema from "./schema";
import * as pgSchema from "./pg-schema";

export type SqliteDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database; engine: "sqlite" };
export type PgDb = NodePgDatabase<typeof pgSchema> & { $client: pg.Pool; engine: "pg" };
export type Db = SqliteDb | PgDb;
/** What a Postgres query function runs statements on: the pool, or the transaction it opened (`db.transaction`). */
export type PgQueries = PgDatabase<NodePgQueryResultHKT, typeof pgSchema>;

// Resolved from the working directory, not import.meta/__dirname: Next bundles server code into .next/,
// so the module's own location no longer points at the SQL files. The app always runs from the repo root.
export const MIGRATIONS_DIR = path.join(process.cwd(), "lib", "db", "migrations");
export const PG_MIGRATIONS_DIR = path.join(process.cwd(), "lib", "db", "migrations-pg");

// Postgres's migrations run under this session-level advisory lock: instances starting together wait for the
// first one's migrations instead of racing to create the same tables (drizzle's migrator alone does not lock).
const MIGRATION_LOCK = 7_140_001;

/** Opens (or creates) a database file — ":memory:" for tests — and brings its schema up to date. */
export function openDb(file: string): SqliteDb {
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.function("unicode_lower", { deterministic: true }, (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v));
  const db = Object.assign(drizzle(sqlite, { schema }), { engine: "sqlite" as const });
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return db;
}

/** A pool on a Postgres database, without touching its schema (see migratePgDb). */
export function connectPgDb(url: string, opts: { max?: number } = {}): PgDb {
  // At most 10 connections per instance for the app's queries (pg-boss and the rate limiter keep pools of their
  // own, 10 each): size the server's max_connections for 30 per instance.
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, application_name: "headshot-app" });
  // An idle client's error (the server restarted) must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  return Object.assign(drizzlePg(pool, { schema: pgSchema }), { engine: "pg" as const });
}

/** Brings a Postgres database's schema up to date, one instance at a time (safe when several start together). */
export async function migratePgDb(db: PgDb): Promise<void> {
  const client = await db.$client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await migratePg(drizzlePg(client), { migrationsFolder: PG_MIGRATIONS_DIR });
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** Connects to Postgres and migrates: what a test or a script opens in shared mode. */
export async function openPgDb(url: string, opts: { max?: number } = {}): Promise<PgDb> {
  const db = connectPgDb(url, opts);
  await migratePgDb(db);
  return db;
}

/** Closes either database's connection(s). */
export async function closeDb(db: Db): Promise<void> {
  if (db.engine === "pg") await db.$client.end();
  else db.$client.close();
}

const globalForDb = globalThis as typeof globalThis & { __headshotDb?: Db; __headshotDbReady?: Promise<void> };

/**
 * The app's database, opened once per process (survives dev hot reloads): Postgres when DATABASE_URL is
 * set (shared mode), else SQLite at `${dataDir}/app.db`. SQLite is migrated here; Postgres is migrated by
 * prepareDb, which instrumentation.ts awaits before the server takes a request.
 */
export function getDb(): Db {
  if (!globalForDb.__headshotDb) {
    const config = getConfig();
    if (config.databaseUrl) {
      globalForDb.__headshotDb = connectPgDb(config.databaseUrl);
    } else {
      fs.mkdirSync(config.dataDir, { recursive: true });
      globalForDb.__headshotDb = openDb(path.join(config.dataDir, "app.db"));
    }
  }
  return globalForDb.__headshotDb;
}

/** Opens the app's database and brings its schema up to date (once per process). */
export async function prepareDb(): Promise<Db> {
  const db = getDb();
  if (db.engine === "pg") await (globalForDb.__headshotDbReady ??= migratePgDb(db));
  return db;
}

/**
 * Runs `fn` in one IMMEDIATE transaction (nested calls become savepoints). `fn` must be synchronous:
 * better-sqlite3 rolls back and throws if it returns a promise. For lib/db's query functions only (see the
 * header); exported because they sit in queries/*.ts.
 */
export function withTransaction<T>(db: SqliteDb, fn: () => T): T {
  return db.$client.transaction(fn).immediate();
}

/**
 * One prepared statement per database and query. drizzle otherwise rebuilds the SQL and better-sqlite3
 * re-prepares it on every call, which was a fifth of the CPU of a status poll.
 */
export function preparedOnce<P>(build: (db: SqliteDb) => P): (db: SqliteDb) => P {
  const cache = new WeakMap<SqliteDb, P>();
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
  if (db.engine === "pg") await db.$client.query("select 1");
  else db.$client.prepare("select 1").get();
}

/**
 * Whether `e` is the database refusing a duplicate key (a unique index or primary key), in either dialect.
 * Callers use it to turn a lost race into the winner's row (e.g. two requests with one idempotency key).
 */
export function isUniqueViolation(e: unknown): boolean {
  return hasErrorCode(e, ["SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY", PG_UNIQUE_VIOLATION]);
}

/** Whether `e` is the database refusing a row whose reference is missing (or still referenced), in either dialect. */
export function isForeignKeyViolation(e: unknown): boolean {
  return hasErrorCode(e, ["SQLITE_CONSTRAINT_FOREIGNKEY", PG_FOREIGN_KEY_VIOLATION]);
}

// SQLSTATE codes (Postgres appendix A, class 23: integrity constraint violation).
const PG_UNIQUE_VIOLATION = "23505";
const PG_FOREIGN_KEY_VIOLATION = "23503";

// better-sqlite3 and pg put the reason in `code`; drizzle (0.45) wraps a failed query in DrizzleQueryError
// with the driver's error as `cause`, so the chain is walked (a few links: causes are not expected to nest deeper).
function hasErrorCode(e: unknown, codes: readonly string[]): boolean {
  let current = e;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    if ("code" in current && typeof current.code === "string" && codes.includes(current.code)) return true;
    current = current.cause;
  }
  return false;
}
