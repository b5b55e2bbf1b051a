export type Summary = { n: number; min: number; p50: number; p95: number; p99: number; max: number; mean: number };

/** Nearest-rank percentile of an ascending array; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? NaN;
}

export function summarize(values: readonly number[]): Summary {
  const s = [...values].sort((a, b) => a - b);
  const mean = s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN;
  return {
    n: s.length,
    min: s[0] ?? NaN,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s.at(-1) ?? NaN,
    mean,
  };
}

export const median = (values: readonly number[]) => summarize(values).p50;

/** Rounds to `digits` decimals, for readable JSON and tables. */
export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Counts occurrences of each key, e.g. HTTP status codes. */
export function histogram(keys: readonly (string | number)[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[String(k)] = (out[String(k)] ?? 0) + 1;
  return out;
}
