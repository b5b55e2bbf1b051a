import { describe, expect, it } from "vitest";
import { parseCliOptions } from "./cli-args";

describe("parseCliOptions", () => {
  it("defaults the port to 4010 and leaves the rest to the simulator", () => {
    expect(parseCliOptions([], {})).toEqual({ port: 4010 });
  });

  it("reads flags in both spellings", () => {
    const o = parseCliOptions(["--port", "4100", "--mode=sync", "--complete-after-ms", "50", "--error-style", "4xx", "--retention-ms=1000"], {});
    expect(o).toMatchObject({ port: 4100, mode: "sync", completeAfterMs: 50, errorStyle: "4xx", retentionMs: 1000 });
  });

  it("falls back to the environment, flags winning", () => {
    const env = { SIMULATOR_PORT: "4200", SIMULATOR_MODE: "sync", SIMULATOR_COMPLETE_AFTER_MS: "10", SIMULATOR_RETENTION_MS: "99", SIMULATOR_QUEUE_LIMIT: "2" };
    expect(parseCliOptions(["--port", "4300"], env)).toMatchObject({ port: 4300, mode: "sync", completeAfterMs: 10, retentionMs: 99, queueLimit: 2 });
  });

  it("rejects bad values with a clear message", () => {
    expect(() => parseCliOptions(["--port", "abc"], {})).toThrow(/--port must be a whole number/);
    expect(() => parseCliOptions(["--mode", "fast"], {})).toThrow(/--mode must be one of queued, sync/);
  });
});
