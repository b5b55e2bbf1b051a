import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * One figure compared with its target from issue 6 (`ok: null` when there is no target) and, where it has one,
 * set beside its floor measured in the same run (issue 11): `vsFloor` is the ratio ("2.3×") or, for scores,
 * the difference ("−2").
 */
export type Check = { metric: string; value: number; unit: string; target: string; ok: boolean | null; floor?: number; vsFloor?: string };
export type BenchResult = { name: string; checks: Check[]; figures: Record<string, unknown> };

export const check = (metric: string, value: number, unit: string, target: string, ok: boolean | null, floor?: { value: number; vs: string }): Check => ({
  metric,
  value,
  unit,
  target,
  ok,
  ...(floor ? { floor: floor.value, vsFloor: floor.vs } : {}),
});

export const RESULTS_DIR = path.join(process.cwd(), "bench", "results");

export function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    // Other work on the machine during the run: figures taken under load are slower than the code is.
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

export function writeResult(result: BenchResult): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${result.name}.json`);
  writeFileSync(file, JSON.stringify({ ...result, machine: machine(), at: new Date().toISOString() }, null, 2) + "\n");
  return file;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(Math.abs(n) < 10 ? 2 : 1));

/** A plain-text table: one row per figure, with its floor (same run), its target and whether it was met. */
export function summaryTable(results: BenchResult[]): string {
  const rows = [["bench", "metric", "value", "floor", "vs floor", "target", "met"]];
  for (const r of results) {
    for (const c of r.checks) {
      const floor = c.floor === undefined ? "" : `${fmt(c.floor)} ${c.unit}`.trim();
      rows.push([r.name, c.metric, `${fmt(c.value)} ${c.unit}`.trim(), floor, c.vsFloor ?? "", c.target, c.ok === null ? "-" : c.ok ? "yes" : "NO"]);
    }
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length))) ?? [];
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ")).join("\n");
}
