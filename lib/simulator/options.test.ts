import { describe, expect, it } from "vitest";
import { isLoopbackHost, mergeOptions, resolveOptions } from "./options";

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
