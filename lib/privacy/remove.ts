import "server-only";
import type { GenerationDeps } from "@/lib/generations/deps";
import { log } from "@/lib/log";
import type { Storage } from "@/lib/storage/storage";
import { deleteRows, type OwnedRows } from "./queries";

export type Removed = { generations: number; faces: number; files: number };

/**
 * Deletes the rows first (so nothing can point at a missing file), then every file: the listed outputs,
 * anything left under each generation's folders (a half-finished save), and the face photos.
 */
export async function removeRowsAndFiles(deps: Pick<GenerationDeps, "db" | "storage">, rows: OwnedRows): Promise<Removed> {
  deleteRows(deps.db, rows);
  const keys = [...rows.outputPaths, ...rows.faces.map((f) => f.path)];
  const folders = rows.generationIds.flatMap((id) => [`outputs/${id}`, `thumbs/${id}`]);
  const results = await Promise.allSettled([
    ...keys.map((k) => deps.storage.delete(k)),
    ...folders.map((f) => deletePrefix(deps.storage, f)),
  ]);
  const failed = results.filter((r) => r.status === "rejected").length;
  if (failed > 0) log("error", "privacy_file_delete_failed", { failed });
  return { generations: rows.generationIds.length, faces: rows.faces.length, files: keys.length };
}

async function deletePrefix(storage: Storage, prefix: string): Promise<void> {
  await storage.deletePrefix?.(prefix);
}
