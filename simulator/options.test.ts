import { describe, expect, it } from "vitest";
import { isLoopbackHost, mergeOptions, parseCliOptions, resolveOptions } from "./options";

describe("simulator options", () => {
  it("has the documented defaults", () => {
    expect(resolveOptions()).toMatchObject({
      host: "127.0.0.1",
      port: 0,
      keys: ["simulator-key"],
      mode: "queued",
      completeAfterMs: 3000,
      errorStyle: "200",
      unknownIdStatus: 404,
      queueLimit: 5,
      retentionMs: 86_400_000,
      base64DataUriPrefix: true,
      webhook: { drop: false, delayMs: 0, duplicate: false },
    });
  });

  it("outputOrigin: null by default, an http(s) origin (normalised) or refused", () => {
    expect(resolveOptions().outputOrigin).toBeNull();
    expect(resolveOptions({ outputOrigin: "http://127.0.0.1:9000/" }).outputOrigin).toBe("http://127.0.0.1:9000");
    expect(() => resolveOptions({ outputOrigin: "ftp://x" })).toThrow(/outputOrigin/);
    expect(() => resolveOptions({ outputOrigin: "not a url" })).toThrow(/outputOrigin/);
  });

  it("refuses non-loopback hosts", () => {
    expect(() => resolveOptions({ host: "0.0.0.0" })).toThrow(/non-loopback/);
    expect(() => resolveOptions({ host: "192.168.1.4" })).toThrow(/non-loopback/);
    expect(isLoopbackHost("127.0.0.2")).toBe(true);
    expect(isLoopbackHost("[::1]")).toBe(true);
  });

  it("merges webhook knobs one by one and ignores undefined", () => {
    const merged = mergeOptions(resolveOptions(), { webhook: { drop: true } as never, mode: undefined });
    expect(merged.webhook).toEqual({ drop: true, delayMs: 0, duplicate: false });
    expect(merged.mode).toBe("queued");
  });

  it("rejects nonsense values", () => {
    expect(() => resolveOptions({ mode: "later" as never })).toThrow();
    expect(() => resolveOptions({ completeAfterMs: -1 })).toThrow();
    expect(() => resolveOptions({ unknownIdStatus: 500 as never })).toThrow();
  });
});

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
