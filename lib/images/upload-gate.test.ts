import { describe, expect, it } from "vitest";
import { createGate, GateFullError } from "./upload-gate";

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};
const tick = () => new Promise((r) => setImmediate(r));

describe("createGate", () => {
  it("runs at most `concurrency` tasks at once, the rest in arrival order", async () => {
    const gate = createGate({ concurrency: 2, maxWaiting: 10 });
    const started: number[] = [];
    const blockers = [0, 1, 2, 3].map(() => deferred());
    const runs = blockers.map((b, i) => gate.run(async () => (started.push(i), await b.promise, i)));
    await tick();
    expect(started).toEqual([0, 1]);
    expect([gate.active, gate.waiting]).toEqual([2, 2]);
    blockers[1]!.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    for (const b of blockers) b.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect([gate.active, gate.waiting]).toEqual([0, 0]);
  });

  it("refuses at once when the queue is full, and frees the slot when a task throws", async () => {
    const gate = createGate({ concurrency: 1, maxWaiting: 1 });
    const block = deferred();
    const first = gate.run(async () => {
      await block.promise;
      throw new Error("boom");
    });
    const second = gate.run(async () => "second");
    expect(gate.full).toBe(true);
    await expect(gate.run(async () => "third")).rejects.toBeInstanceOf(GateFullError);
    block.resolve();
    await expect(first).rejects.toThrow("boom");
    expect(await second).toBe("second");
    expect(gate.full).toBe(false);
  });

  it("drops a waiter whose signal aborts, without running its task", async () => {
    const gate = createGate({ concurrency: 1, maxWaiting: 5 });
    const block = deferred();
    const first = gate.run(() => block.promise);
    const controller = new AbortController();
    let ran = false;
    const waiting = gate.run(async () => void (ran = true), controller.signal);
    expect(gate.waiting).toBe(1);
    controller.abort(new Error("client left"));
    await expect(waiting).rejects.toThrow("client left");
    expect(gate.waiting).toBe(0);
    block.resolve();
    await first;
    expect(ran).toBe(false);
    expect(gate.active).toBe(0);
  });
});
