import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { faceRow } from "@/test/db";
import { openDb, withTransaction } from "./client";
import { getFace, insertFaceOrGetExisting } from "./queries/faces";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe("openDb", () => {
  it("creates a file database in WAL mode with foreign keys and a busy timeout, and re-opens it idempotently", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "db-"));
    dirs.push(dir);
    const file = path.join(dir, "app.db");
    const db = openDb(file);
    expect(db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.$client.pragma("busy_timeout", { simple: true })).toBe(5000);
    insertFaceOrGetExisting(db, faceRow({ id: "f1" }));
    db.$client.close();

    const again = openDb(file);
    expect(getFace(again, "f1")?.id).toBe("f1");
    const applied = again.$client.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number };
    expect(applied.n).toBe(fs.readdirSync(path.join(process.cwd(), "lib/db/migrations")).filter((f) => f.endsWith(".sql")).length);
    again.$client.close();
  });
});

describe("withTransaction", () => {
  it("commits on success and rolls back everything on a throw", () => {
    const db = openDb(":memory:");
    withTransaction(db, () => insertFaceOrGetExisting(db, faceRow({ id: "ok" })));
    expect(() =>
      withTransaction(db, () => {
        insertFaceOrGetExisting(db, faceRow({ id: "gone" }));
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(getFace(db, "ok")).toBeDefined();
    expect(getFace(db, "gone")).toBeUndefined();
  });

  it("refuses an async function instead of committing half a transaction", () => {
    const db = openDb(":memory:");
    expect(() =>
      withTransaction(db, async () => {
        insertFaceOrGetExisting(db, faceRow({ id: "async" }));
      }),
    ).toThrow(/promise/);
    expect(getFace(db, "async")).toBeUndefined();
  });

  it("nests as a savepoint", () => {
    const db = openDb(":memory:");
    withTransaction(db, () => {
      insertFaceOrGetExisting(db, faceRow({ id: "outer" }));
      expect(() =>
        withTransaction(db, () => {
          insertFaceOrGetExisting(db, faceRow({ id: "inner" }));
          throw new Error("inner fails");
        }),
      ).toThrow();
    });
    expect(getFace(db, "outer")).toBeDefined();
    expect(getFace(db, "inner")).toBeUndefined();
  });
});
