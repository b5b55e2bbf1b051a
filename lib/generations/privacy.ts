import "server-only";
import { getFace } from "@/lib/db/queries/faces";
import { deleteGenerationAndUnusedFace, getOwnedGeneration } from "@/lib/db/queries/generations";
import { listOutputs } from "@/lib/db/queries/outputs";
import { deleteExpiredFaceRows, deleteOwnerRows, deleteRows, type OwnedRows } from "@/lib/db/queries/privacy";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import type { QuotaPolicy } from "./quota-policy";
import { pruneQuotaEvents } from "./quotas";
import type { GenerationDeps } from "./runtime";

// Deleting people's data, rows and files: one generation on request, everything of an owner ("delete all
// my data"), and the retention sweep that removes face photos (and all made from them) after N days.

/** Removes a generation, its files, and its face photo when no other generation uses it. */
export async function deleteOwnedGeneration(deps: Pick<GenerationDeps, "db" | "storage">, ownerId: string, id: string): Promise<void> {
  const gen = await getOwnedGeneration(deps.db, id, ownerId);
  if (!gen) throw new AppError("not_found", "That generation does not exist.");
  const outputs = await listOutputs(deps.db, id);
  const face = await getFace(deps.db, gen.faceId);
  const removeFace = await deleteGenerationAndUnusedFace(deps.db, id, gen.faceId);
  const paths = outputs.flatMap((o) => [o.path, o.thumbPath]);
  if (removeFace && face) paths.push(face.path);
  await Promise.all(paths.map((p) => deps.storage.delete(p)));
}

export type Removed = { generations: number; faces: number; files: number };

/**
 * Deletes the rows first (so nothing can point at a missing file), then every file: the listed outputs,
 * anything left under each generation's folders (a half-finished save), and the face photos.
 */
export async function removeRowsAndFiles(deps: Pick<GenerationDeps, "db" | "storage">, rows: OwnedRows): Promise<Removed> {
  await deleteRows(deps.db, rows);
  return removeFiles(deps, rows);
}

/** The files of rows already deleted (see removeRowsAndFiles). */
async function removeFiles(deps: Pick<GenerationDeps, "storage">, rows: OwnedRows): Promise<Removed> {
  const keys = [...rows.outputPaths, ...rows.faces.map((f) => f.path)];
  const folders = rows.generationIds.flatMap((id) => [`outputs/${id}`, `thumbs/${id}`]);
  const results = await Promise.allSettled([
    ...keys.map((k) => deps.storage.delete(k)),
    ...folders.map((f) => deps.storage.deletePrefix(f)),
  ]);
  const failed = results.filter((r) => r.status === "rejected").length;
  if (failed > 0) log("error", "privacy_file_delete_failed", { failed });
  return { generations: rows.generationIds.length, faces: rows.faces.length, files: keys.length };
}

/**
 * "Delete all my data": every generation, output, thumbnail and face photo of one owner, rows and files.
 * Quota counters (owner id, generation id and time, nothing else) stay until their window passes, so
 * deleting cannot be used to reset a quota.
 */
export async function deleteOwnerData(deps: Pick<GenerationDeps, "db" | "storage">, ownerId: string): Promise<Removed> {
  const removed = await removeFiles(deps, await deleteOwnerRows(deps.db, ownerId));
  await deps.storage.deletePrefix(`faces/${ownerId}`);
  log("info", "owner_data_deleted", { ...removed });
  return removed;
}

export const DAY_MS = 24 * 60 * 60_000;
const RETENTION_BATCH = 200;

type RetentionDeps = Pick<GenerationDeps, "db" | "storage" | "now">;

/**
 * Deletes face photos older than the retention period together with every generation and output made
 * from them. A face a running job still needs waits for the next pass.
 */
export async function sweepExpiredFaces(deps: RetentionDeps, retentionDays: number): Promise<Removed> {
  const total: Removed = { generations: 0, faces: 0, files: 0 };
  const cutoff = deps.now() - retentionDays * DAY_MS;
  for (;;) {
    const batch = await deleteExpiredFaceRows(deps.db, cutoff, RETENTION_BATCH);
    if (batch.faces.length === 0) break;
    const removed = await removeFiles(deps, batch);
    total.generations += removed.generations;
    total.faces += removed.faces;
    total.files += removed.files;
    if (batch.faces.length < RETENTION_BATCH) break;
  }
  if (total.faces > 0) log("info", "retention_sweep", { ...total, retentionDays });
  return total;
}

/**
 * One pass: expired faces (and what was made from them), then quota events no window counts any more. Run
 * hourly through the scheduler's `every` (instrumentation-node.ts).
 */
export async function retentionPass(deps: RetentionDeps, retentionDays: number, quotas: QuotaPolicy): Promise<void> {
  await sweepExpiredFaces(deps, retentionDays);
  const pruned = await pruneQuotaEvents(deps.db, quotas, deps.now());
  if (pruned > 0) log("info", "quota_events_pruned", { rows: pruned });
}
