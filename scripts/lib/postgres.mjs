// A throwaway Postgres cluster from the installed binaries: found (findPostgresBin) and started (startCluster)
// here, in plain ESM, so scripts (`npm run start:cluster`, e2e/cluster.spec.ts through scripts/lib/cluster.mjs)
// use it without vitest or tsx; test/postgres.ts (the vitest suites' Postgres) re-exports both.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** The directory holding initdb/pg_ctl: PATH first, then Debian's /usr/lib/postgresql/<version>/bin (newest). */
export function findPostgresBin() {
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

/**
 * initdb + pg_ctl start in a temp directory on `port`, loopback only, the socket inside the directory, and
 * durability off (a throwaway cluster never outlives its run). Postgres refuses to run as root, so as root it
 * runs as the `postgres` user, which Debian's package creates.
 */
export function startCluster(bin, port) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "headshot-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync("chown", ["postgres:postgres", dir]);
  const run = (cmd, args) => {
    const full = path.join(bin, cmd);
    return asRoot ? execFileSync("runuser", ["-u", "postgres", "--", full, ...args], { stdio: "pipe" }) : execFileSync(full, args, { stdio: "pipe" });
  };
  const data = path.join(dir, "data");
  try {
    run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
    const options = [`-p ${port}`, `-k ${dir}`, "-c listen_addresses=127.0.0.1", "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off", "-c max_connections=200"];
    run("pg_ctl", ["-D", data, "-l", path.join(dir, "log"), "-o", options.join(" "), "-w", "-t", "60", "start"]);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
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
