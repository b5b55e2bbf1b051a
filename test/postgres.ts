// Postgres for the shared-mode contract suites (issue 14). One throwaway cluster per `vitest run`, started by
// the global setup (test/postgres-global-setup.ts) and handed to test files through vitest's provide/inject;
// each suite asks `freshDatabase()` for a database of its own, so suites never see each other's rows.
//
// TEST_DATABASE_URL (a superuser URL, e.g. postgres://postgres@127.0.0.1:5432/postgres) uses an existing
// server instead. Without either, the suites fail with the install command: a contract that is not checked
// must not look green.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** A superuser URL of the run's Postgres, or why there is none. */
    postgres: { url: string } | { error: string };
  }
}

const INSTALL_HINT =
  "Postgres is needed for the shared-mode contract suites: install it (`apt-get install -y postgresql`, which the " +
  "CI script does) or point TEST_DATABASE_URL at a server where this user may create databases.";

/** The directory holding initdb/pg_ctl: PATH first, then Debian's /usr/lib/postgresql/<version>/bin (newest). */
export function findPostgresBin(): string | null {
  const onPath = spawnSync("sh", ["-c", "command -v pg_ctl"], { encoding: "utf8" });
  if (onPath.status === 0 && onPath.stdout.trim()) return path.dirname(fs.realpathSync(onPath.stdout.trim()));
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, "bin", "pg_ctl")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], "bin") : null;
}

export type Cluster = { url: string; stop: () => void };

/**
 * initdb + pg_ctl start in a temp directory on `port`, loopback only, the socket inside the directory, and
 * durability off (a test cluster never outlives its run). Postgres refuses to run as root, so as root it runs
 * as the `postgres` user, which Debian's package creates.
 */
export function startCluster(bin: string, port: number): Cluster {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "headshot-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync("chown", ["postgres:postgres", dir]);
  const run = (cmd: string, args: string[]) => {
    const full = path.join(bin, cmd);
    return asRoot ? execFileSync("runuser", ["-u", "postgres", "--", full, ...args], { stdio: "pipe" }) : execFileSync(full, args, { stdio: "pipe" });
  };
  const data = path.join(dir, "data");
  run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
  const options = [`-p ${port}`, `-k ${dir}`, "-c listen_addresses=127.0.0.1", "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off", "-c max_connections=200"];
  run("pg_ctl", ["-D", data, "-l", path.join(dir, "log"), "-o", options.join(" "), "-w", "-t", "60", "start"]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

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
