// Postgres for the shared-mode contract suites (issue 14). One throwaway cluster per `vitest run`, started by
// the global setup (test/postgres-global-setup.ts) and handed to test files through vitest's provide/inject;
// each suite asks `freshDatabase()` for a database of its own, so suites never see each other's rows.
//
// TEST_DATABASE_URL (a superuser URL, e.g. postgres://postgres@127.0.0.1:5432/postgres) uses an existing
// server instead. Without either, the suites fail with the install command: a contract that is not checked
// must not look green.
import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { inject } from "vitest";

// Finding and starting a cluster is plain ESM, shared with the scripts (npm run start:cluster).
export { findPostgresBin, startCluster, type Cluster } from "../scripts/lib/postgres.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    /** A superuser URL of the run's Postgres, or why there is none. */
    postgres: { url: string } | { error: string };
  }
}

const INSTALL_HINT =
  "Postgres is needed for the shared-mode contract suites: install it (`apt-get install -y postgresql`, which the " +
  "CI script does) or point TEST_DATABASE_URL at a server where this user may create databases.";

/** The run's Postgres superuser URL; throws with the install hint when there is none. */
export function postgresAdminUrl(): string {
  const provided = inject("postgres");
  if ("error" in provided) throw new Error(provided.error);
  return provided.url;
}

export type TestDatabase = { url: string; drop: () => Promise<void> };

/** A new, empty database on the run's Postgres; `drop()` removes it (ending any connection still open). */
export async function freshDatabase(label = "t"): Promise<TestDatabase> {
  const admin = new URL(postgresAdminUrl());
  const name = `${label.toLowerCase().replace(/[^a-z0-9_]/g, "_").slice(0, 30)}_${randomBytes(5).toString("hex")}`;
  const exec = async (sql: string) => {
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await exec(`CREATE DATABASE "${name}"`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

export { INSTALL_HINT };
