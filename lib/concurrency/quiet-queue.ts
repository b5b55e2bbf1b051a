/**
 * Work that can wait for a quiet moment: items run one at a time once nothing new has been pushed for
 * `quietMs`, or once the oldest has waited `maxDelayMs` (so a steady stream cannot starve them).
 */
export type QuietQueue<T> = {
  push(item: T): void;
  /** Runs everything queued now, and resolves once the queue is empty and nothing is running. */
  flush(): Promise<void>;
  readonly size: number;
};

// `run` should handle its own errors; one that throws anyway is dropped so the queue keeps going.
type Options<T> = { quietMs: number; maxDelayMs: number; run: (item: T) => Promise<void>; now?: () => number };

export function createQuietQueue<T>({ quietMs, maxDelayMs, run, now = Date.now }: Options<T>): QuietQueue<T> {
  const queue: Array<{ item: T; at: number }> = [];
  let lastPush = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let draining: Promise<void> | undefined;

  const due = () => {
    const oldest = queue[0];
    if (!oldest) return Number.POSITIVE_INFINITY;
    return Math.min(lastPush + quietMs, oldest.at + maxDelayMs) - now();
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0 || draining) return;
    timer = setTimeout(() => void drain(false), Math.max(0, due()));
    timer.unref?.();
  };

  const drain = (force: boolean): Promise<void> => {
    draining ??= (async () => {
      // Between items, give way again if work has arrived meanwhile and nothing is overdue.
      for (let next = queue.shift(); next; next = force || due() <= 0 ? queue.shift() : undefined) await run(next.item).catch(() => undefined);
    })().finally(() => {
      draining = undefined;
      schedule();
    });
    return draining;
  };

  return {
    push(item) {
      lastPush = now();
      queue.push({ item, at: lastPush });
      schedule();
    },
    async flush() {
      while (queue.length > 0 || draining) await drain(true);
    },
    get size() {
      return queue.length;
    },
  };
}
