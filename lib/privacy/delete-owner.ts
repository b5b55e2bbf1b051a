import "server-only";
import type { GenerationDeps } from "@/lib/generations/deps";
import { log } from "@/lib/log";
import { rowsForOwner } from "./queries";
import { removeRowsAndFiles, type Removed } from "./remove";

/**
 * "Delete all my data": every generation, output, thumbnail and face photo of one owner, rows and files.
 * Quota counters (owner id, generation id and time, nothing else) stay until their window passes, so
 * deleting cannot be used to reset a quota.
 */
export async function deleteOwnerData(deps: Pick<GenerationDeps, "db" | "storage">, ownerId: string): Promise<Removed> {
  const removed = await removeRowsAndFiles(deps, rowsForOwner(deps.db, ownerId));
  await deps.storage.deletePrefix?.(`faces/${ownerId}`);
  log("info", "owner_data_deleted", { ...removed });
  return removed;
}
