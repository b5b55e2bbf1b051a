import { describe, expect, it } from "vitest";
import { delta, interleave, times, type Workload } from "./floors";
import type { HttpResponse } from "./http";

/**
 * Fake servers: each call of a workload's `get` adds its `cost` to its pid's CPU clock, so the CPU each
 * workload is charged says whether interleave() read the right server around the right turns.
 */
function fakeServers(costs: { name: string; pid: number; cost: number; status?: number }[]) {
  const clock = new Map<number, number>();
  const order: string[] = [];
  const workloads: Workload[] = costs.map(({ name, pid, cost, status = 200 }) => ({
    name,
    pid,
    get: async (): Promise<HttpResponse> => {
      await new Promise((r) => setTimeout(r, 1));
      clock.set(pid, (clock.get(pid) ?? 0) + cost);
      order.push(name);
      return { status, headers: {}, body: Buffer.alloc(0), ms: 1 };
    },
  }));
  return { workloads, order, cpuMs: (pid: number) => clock.get(pid) ?? 0 };
}

/** The sequence of turns: consecutive calls of one workload collapsed into one entry. */
const turns = (order: string[]) => order.filter((name, i) => name !== order[i - 1]);

describe("interleave (figures and floors taking turns)", () => {
  it("charges each workload the CPU of its own server during its own turns, two workloads on one server included", async () => {
    const { workloads, cpuMs } = fakeServers([
      { name: "floor", pid: 1, cost: 0.5, status: 204 },
      { name: "polls", pid: 1, cost: 2 },
      { name: "before", pid: 2, cost: 3 },
    ]);
    const measured = await interleave(workloads, { concurrency: 2, warmUpMs: 10, durationMs: 60, slices: 3 }, cpuMs);
    expect(measured.floor?.cpuMsPerRequest).toBe(0.5);
    expect(measured.polls?.cpuMsPerRequest).toBe(2);
    expect(measured.before?.cpuMsPerRequest).toBe(3);
    expect(measured.floor?.statuses).toEqual({ "204": measured.floor?.calls });
    expect(measured.polls?.calls).toBeGreaterThan(0);
  });

  it("warms each workload up once, then takes turns slice by slice in the order given", async () => {
    const { workloads, order, cpuMs } = fakeServers([
      { name: "a", pid: 1, cost: 1 },
      { name: "b", pid: 1, cost: 1 },
    ]);
    await interleave(workloads, { concurrency: 3, warmUpMs: 10, durationMs: 40, slices: 4 }, cpuMs);
    // Warm-up a, b; then four slices of a, b.
    expect(turns(order)).toEqual(["a", "b", "a", "b", "a", "b", "a", "b", "a", "b"]);
  });

  it("refuses two workloads with one name, which would mix their figures", async () => {
    const { workloads, cpuMs } = fakeServers([
      { name: "x", pid: 1, cost: 1 },
      { name: "x", pid: 2, cost: 1 },
    ]);
    await expect(interleave(workloads, { concurrency: 1, warmUpMs: 0, durationMs: 10, slices: 1 }, cpuMs)).rejects.toThrow(/unique/);
  });
});

describe("a figure beside its floor", () => {
  it("is a ratio for costs and sizes", () => {
    expect(times(3, 2)).toBe("1.5×");
    expect(times(0.69, 0.5)).toBe("1.38×");
  });

  it("is a signed difference for scores", () => {
    expect(delta(97, 99)).toBe("−2");
    expect(delta(99, 97.5)).toBe("+1.5");
    expect(delta(100, 100)).toBe("±0");
  });
});
