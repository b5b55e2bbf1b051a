import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createQuietQueue } from "./quiet-queue";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function recorder() {
  const ran: number[] = [];
  const run = async (n: number) => {
    ran.push(n);
  };
  return { ran, run };
}

describe("createQuietQueue", () => {
  it("waits for a quiet moment, then runs everything in order", async () => {
    const { ran, run } = recorder();
    const q = createQuietQueue({ quietMs: 250, maxDelayMs: 30_000, run });
    q.push(1);
    await vi.advanceTimersByTimeAsync(200);
    q.push(2);
    await vi.advanceTimersByTimeAsync(200);
    expect(ran).toEqual([]);
    expect(q.size).toBe(2);
    await vi.advanceTimersByTimeAsync(60);
    expect(ran).toEqual([1, 2]);
    expect(q.size).toBe(0);
  });

  it("a steady stream cannot starve the queue: the oldest runs once it waited maxDelayMs", async () => {
    const { ran, run } = recorder();
    const q = createQuietQueue({ quietMs: 250, maxDelayMs: 1_000, run });
    for (let i = 0; i < 8; i++) {
      q.push(i);
      await vi.advanceTimersByTimeAsync(200);
    }
    // Pushed every 200 ms, never quiet for 250 ms; by 1.6 s the first items were overdue.
    expect(ran.length).toBeGreaterThan(0);
    expect(ran[0]).toBe(0);
  });

  it("flush runs everything at once and resolves when done; a throwing item does not stop the rest", async () => {
    const ran: number[] = [];
    const q = createQuietQueue({
      quietMs: 60_000,
      maxDelayMs: 60_000,
      run: async (n: number) => {
        if (n === 2) throw new Error("bad item");
        ran.push(n);
      },
    });
    [1, 2, 3].forEach((n) => q.push(n));
    await q.flush();
    expect(ran).toEqual([1, 3]);
    expect(q.size).toBe(0);
  });

  it("gives way between items when new work arrives and nothing is overdue", async () => {
    const ran: number[] = [];
    const q = createQuietQueue({
      quietMs: 100,
      maxDelayMs: 60_000,
      run: async (n: number) => {
        ran.push(n);
        if (n === 1) q.push(99);
      },
    });
    q.push(1);
    q.push(2);
    await vi.advanceTimersByTimeAsync(100);
    expect(ran).toEqual([1]);
    await vi.advanceTimersByTimeAsync(100);
    expect(ran).toEqual([1, 2, 99]);
  });
});
