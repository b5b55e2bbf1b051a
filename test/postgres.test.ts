import { Client } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "./postgres";

describe("the test Postgres", () => {
  const made: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of made) await db.drop();
  });

  it("gives each suite its own empty database, and drop() removes it", async () => {
    const a = await freshDatabase("probe");
    const b = await freshDatabase("probe");
    made.push(b);
    expect(a.url).not.toBe(b.url);
    const client = new Client({ connectionString: a.url });
    await client.connect();
    await client.query("CREATE TABLE t (x int)");
    const version = await client.query<{ server_version_num: string }>("SHOW server_version_num");
    expect(Number(version.rows[0]?.server_version_num)).toBeGreaterThanOrEqual(150000);
    await client.end();
    const other = new Client({ connectionString: b.url });
    await other.connect();
    const tables = await other.query("SELECT 1 FROM pg_tables WHERE tablename = 't'");
    expect(tables.rowCount).toBe(0);
    await other.end();
    await a.drop();
    const gone = new Client({ connectionString: a.url });
    await expect(gone.connect()).rejects.toThrow(/does not exist/);
  });
});
