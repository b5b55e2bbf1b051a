import "server-only";
import type { GenerationDeps } from "@/lib/generations/deps";
import { log } from "@/lib/log";
import type { QuotaPolicy } from "@/lib/quotas/policy";
import { pruneQuotaEvents } from "@/lib/quotas/prune";
import { expiredFaces, rowsForFaces } from "./queries";
import { removeRowsAndFiles, type Removed } from "./remove";

export const DAY_MS = 24 * 60 * 60_000;
const BATCH = 200;

/**
 * Deletes face photos older than the retention period together with every generation and output made
 * from them. A face a running job still needs waits for the next pass.
 */
export async function sweepExpiredFaces(deps: Pick<GenerationDeps, "db" | "storage" | "now">, retentionDays: number): Promise<Removed> {
  const total: Removed = { generations: 0, faces: 0, files: 0 };
  const cutoff = deps.now() - retentionDays * DAY_MS;
  for (;;) {
    const batch = expiredFaces(deps.db, cutoff, BATCH);
    if (batch.length === 0) break;
    const removed = await removeRowsAndFiles(deps, rowsForFaces(deps.db, batch));
    total.generations += removed.generations;
    total.faces += removed.faces;
    total.files += removed.files;
    if (batch.length < BATCH) break;
  }
  if (total.faces > 0) log("info", "retention_sweep", { ...total, retentionDays });
  return total;
}

const g = globalThis as typeof globalThis & { __headshotRetention?: NodeJS.Timeout };

type RetentionDeps = Pick<GenerationDeps, "db" | "storage" | "now">;

/** One pass: expired faces (and what was made from them), then quota events no window counts any more. */
export async function retentionPass(deps: RetentionDeps, retentionDays: number, quotas: QuotaPolicy): Promise<void> {
  await sweepExpiredFaces(deps, retentionDays);
  const pruned = pruneQuotaEvents(deps.db, quotas, deps.now());
  if (pruned > 0) log("info", "quota_events_pruned", { rows: pruned });
}

/** Runs the retention pass now and then every `intervalMs` (hourly by default), once per process. */
export function startRetentionSweeper(deps: RetentionDeps, retentionDays: number, quotas: QuotaPolicy, intervalMs = 60 * 60_000): void {
  if (g.__headshotRetention) return;
  const tick = () =>
    void retentionPass(deps, retentionDays, quotas).catch((error: unknown) =>
      log("error", "retention_sweep_failed", { detail: error instanceof Error ? error.message : String(error) }),
    );
  g.__headshotRetention = setInterval(tick, intervalMs);
  g.__headshotRetention.unref();
  tick();
}
