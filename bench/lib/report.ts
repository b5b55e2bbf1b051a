import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** One figure compared with its target from issue 6 (`ok: null` when there is no target). */
export type Check = { metric: string; value: number; unit: string; target: string; ok: boolean | null };
export type BenchResult = { name: string; checks: Check[]; figures: Record<string, unknown> };

export const check = (metric: string, value: number, unit: string, target: string, ok: boolean | null): Check => ({ metric, value, unit, target, ok });

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

/** A plain-text table: one row per figure, with its target and whether it was met. */
export function summaryTable(results: BenchResult[]): string {
  const rows = [["bench", "metric", "value", "target", "met"]];
  for (const r of results) {
    for (const c of r.checks) rows.push([r.name, c.metric, `${fmt(c.value)} ${c.unit}`.trim(), c.target, c.ok === null ? "-" : c.ok ? "yes" : "NO"]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length))) ?? [];
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ")).join("\n");
}
