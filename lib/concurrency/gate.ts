/** Raised by `Gate.run` when every slot is busy and the wait queue is already full. */
export class GateFullError extends Error {
  constructor() {
    super("gate full");
    this.name = "GateFullError";
  }
}

export type Gate = {
  /** Runs `task` when a slot is free; throws GateFullError at once when too many already wait. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  readonly active: number;
  readonly waiting: number;
  /** A new `run` would be refused right now. */
  readonly full: boolean;
};

/** A counting semaphore with a bounded, first-come first-served wait queue. */
export function createGate({ concurrency, maxWaiting }: { concurrency: number; maxWaiting: number }): Gate {
  let active = 0;
  const queue: Array<() => void> = [];

  const release = () => {
    active -= 1;
    const next = queue.shift();
    next?.();
  };

  const acquire = (signal?: AbortSignal): Promise<void> => {
    signal?.throwIfAborted();
    if (active < concurrency) {
      active += 1;
      return Promise.resolve();
    }
    if (queue.length >= maxWaiting) return Promise.reject(new GateFullError());
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const at = queue.indexOf(start);
        if (at >= 0) queue.splice(at, 1);
        reject(signal?.reason);
      };
      const start = () => {
        signal?.removeEventListener("abort", onAbort);
        active += 1;
        resolve();
      };
      queue.push(start);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  };

  return {
    async run(task, signal) {
      await acquire(signal);
      try {
        return await task();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    get full() {
      return active >= concurrency && queue.length >= maxWaiting;
    },
  };
}
