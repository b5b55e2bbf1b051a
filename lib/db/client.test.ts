import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { getTableColumns, getTableName, type Table } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { eachDialect, faceRow, generationRow } from "@/test/db";
import { freshDatabase } from "@/test/postgres";
import { closeDb, connectPgDb, isForeignKeyViolation, isUniqueViolation, migratePgDb, openDb, withTransaction, type SqliteDb } from "./client";
import * as pgSchema from "./pg-schema";
import * as schema from "./schema";
import { faces } from "./schema";
import { deleteFace, getFace, insertFaceOrGetExisting } from "./queries/faces";
import { insertGeneration } from "./queries/generations";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe("openDb", () => {
  it("creates a file database in WAL mode with foreign keys and a busy timeout, and re-opens it idempotently", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "db-"));
    dirs.push(dir);
    const file = path.join(dir, "app.db");
    const db = openDb(file);
    expect(db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.$client.pragma("busy_timeout", { simple: true })).toBe(5000);
    await insertFaceOrGetExisting(db, faceRow({ id: "f1" }));
    db.$client.close();

    const again = openDb(file);
    expect((await getFace(again, "f1"))?.id).toBe("f1");
    const applied = again.$client.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number };
    expect(applied.n).toBe(fs.readdirSync(path.join(process.cwd(), "lib/db/migrations")).filter((f) => f.endsWith(".sql")).length);
    again.$client.close();
  });
});

describe("withTransaction", () => {
  // Inside a transaction only synchronous work is allowed, so these tests insert with drizzle directly.
  const put = (db: SqliteDb, id: string) => db.insert(faces).values(faceRow({ id })).run();

  it("commits on success and rolls back everything on a throw", async () => {
    const db = openDb(":memory:");
    withTransaction(db, () => put(db, "ok"));
    expect(() =>
      withTransaction(db, () => {
        put(db, "gone");
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(await getFace(db, "ok")).toBeDefined();
    expect(await getFace(db, "gone")).toBeUndefined();
  });

  it("refuses an async function instead of committing half a transaction", async () => {
    const db = openDb(":memory:");
    expect(() =>
      withTransaction(db, async () => {
        await insertFaceOrGetExisting(db, faceRow({ id: "async" }));
      }),
    ).toThrow(/promise/);
    expect(await getFace(db, "async")).toBeUndefined();
  });

  it("nests as a savepoint", async () => {
    const db = openDb(":memory:");
    withTransaction(db, () => {
      put(db, "outer");
      expect(() =>
        withTransaction(db, () => {
          put(db, "inner");
          throw new Error("inner fails");
        }),
      ).toThrow();
    });
    expect(await getFace(db, "outer")).toBeDefined();
    expect(await getFace(db, "inner")).toBeUndefined();
  });
});

describe("the Postgres schema", () => {
  // The two schemas are written by hand side by side; this keeps them the same tables with the same columns.
  it("has the same tables, columns, nullability and defaults as the SQLite schema", () => {
    const shape = (mod: Record<string, unknown>) => {
      const tables = Object.values(mod).filter((v): v is Table => typeof v === "object" && v !== null && Symbol.for("drizzle:IsDrizzleTable") in v);
      return Object.fromEntries(
        tables.map((t) => [
          getTableName(t),
          Object.fromEntries(Object.entries(getTableColumns(t)).map(([key, c]) => [key, { name: c.name, notNull: c.notNull, hasDefault: c.hasDefault, primary: c.primary }])),
        ]),
      );
    };
    const sqlite = shape(schema);
    expect(Object.keys(sqlite).sort()).toEqual(["faces", "generations", "outputs", "quota_events", "shoot_people", "shoots", "upstream_state"]);
    expect(shape(pgSchema)).toEqual(sqlite);
  });

  it("migrates once when several instances start at the same moment", async () => {
    const { url, drop } = await freshDatabase("migrate_race");
    const instances = Array.from({ length: 4 }, () => connectPgDb(url, { max: 2 }));
    try {
      await Promise.all(instances.map((db) => migratePgDb(db)));
      const [first] = instances;
      if (!first) throw new Error("no instance");
      const applied = await first.$client.query<{ n: string }>("select count(*) as n from drizzle.__drizzle_migrations");
      expect(Number(applied.rows[0]?.n)).toBe(fs.readdirSync(path.join(process.cwd(), "lib/db/migrations-pg")).filter((f) => f.endsWith(".sql")).length);
      // and the schema works: a row in, the same row out
      await insertFaceOrGetExisting(first, faceRow({ id: "pg-f1" }));
      expect((await getFace(first, "pg-f1"))?.width).toBe(600);
    } finally {
      await Promise.all(instances.map((db) => closeDb(db)));
      await drop();
    }
  });
});

eachDialect("isUniqueViolation / isForeignKeyViolation", (emptyDb) => {
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error("expected the database to refuse");
      },
      (e: unknown) => e,
    );

  it("recognise the database's own refusals, and nothing else", async () => {
    const db = await emptyDb();
    await insertFaceOrGetExisting(db, faceRow({ id: "f1" }));
    await insertGeneration(db, generationRow("f1", { id: "g1", webhookSecret: "s1" }));

    const duplicate = await refusal(insertGeneration(db, generationRow("f1", { webhookSecret: "s1" })));
    expect(isUniqueViolation(duplicate)).toBe(true);
    expect(isForeignKeyViolation(duplicate)).toBe(false);

    const missingFace = await refusal(insertGeneration(db, generationRow("no-such-face")));
    expect(isForeignKeyViolation(missingFace)).toBe(true);
    expect(isUniqueViolation(missingFace)).toBe(false);

    const stillReferenced = await refusal(deleteFace(db, "f1"));
    expect(isForeignKeyViolation(stillReferenced)).toBe(true);

    const badSeed = await refusal(insertGeneration(db, generationRow("f1", { seed: -1 })));
    expect(isUniqueViolation(badSeed)).toBe(false);
    expect(isForeignKeyViolation(badSeed)).toBe(false);

    for (const other of [new Error("UNIQUE constraint failed"), Object.assign(new Error("x"), { code: 23505 }), "23505", null]) {
      expect(isUniqueViolation(other)).toBe(false);
    }
  });
});
