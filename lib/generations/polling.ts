const MIN_MS = 1_000;
const MAX_MS = 10_000;

/**
 * When to ask the upstream again: never before its ETA, then backing off from 1 s to 10 s so a job that
 * runs long does not cost one fetch per browser poll.
 */
export function nextCheckAt(now: number, etaAt: number | null, checkCount: number): number {
  if (etaAt !== null && etaAt > now + MIN_MS) return etaAt;
  return now + Math.min(MAX_MS, MIN_MS * 1.5 ** Math.max(0, checkCount));
}
