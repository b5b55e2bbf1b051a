import "server-only";
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { log } from "@/lib/log";

const STALE_MS = 60 * 60 * 1000;
const swept = new Set<string>();

/**
 * Once per process and folder: deletes upload temp files left by a crash. Requests delete their own
 * files, so anything an hour old belongs to no request.
 */
export function sweepStaleUploads(tmpDir: string, now = Date.now()): Promise<number> | null {
  if (swept.has(tmpDir)) return null;
  swept.add(tmpDir);
  return removeOld(tmpDir, now).catch((e: unknown) => {
    log("warn", "upload_tmp_sweep_failed", { detail: e instanceof Error ? e.message : String(e) });
    return 0;
  });
}

async function removeOld(tmpDir: string, now: number): Promise<number> {
  let removed = 0;
  for (const name of await readdir(tmpDir)) {
    if (!name.startsWith("upload-")) continue;
    const file = path.join(tmpDir, name);
    const info = await stat(file).catch(() => null);
    if (info && now - info.mtimeMs > STALE_MS) {
      await rm(file, { force: true });
      removed += 1;
    }
  }
  return removed;
}
