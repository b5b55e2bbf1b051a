/** Runs `total` tasks with at most `concurrency` in flight; stops starting new ones after `deadline` (epoch ms). */
export async function runPool<T>(total: number, concurrency: number, task: (i: number) => Promise<T>, deadline = Infinity): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total && Date.now() < deadline) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return results.filter((r) => r !== undefined);
}

/**
 * Keeps `concurrency` loops calling `task` for `durationMs`, never more than `maxCalls` calls in all.
 * Returns how many calls finished and the wall time they took.
 */
export async function runFor(durationMs: number, concurrency: number, maxCalls: number, task: () => Promise<void>) {
  const start = performance.now();
  const end = start + durationMs;
  let started = 0;
  let done = 0;
  const worker = async () => {
    while (performance.now() < end && started < maxCalls) {
      started++;
      await task();
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { calls: done, elapsedMs: performance.now() - start };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
