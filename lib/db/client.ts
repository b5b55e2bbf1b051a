import "server-only";
import fs from "node:fs";
import path from "node:path";
import { getConfig } from "@/lib/config";
import { openDb, type Db } from "./open";

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
