import { describe, expect, it } from "vitest";
import { discardBody } from "./body";

function countingBody(chunks: number, chunkBytes: number) {
  let pulled = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= chunks) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(chunkBytes));
    },
    cancel() {
      cancelled = true;
    },
  });
  const request = new Request("http://app.test/api/faces", { method: "POST", body: stream, duplex: "half" } as RequestInit);
  return { request, pulled: () => pulled, cancelled: () => cancelled };
}

describe("discardBody", () => {
  it("reads an unread body to its end", async () => {
    const b = countingBody(10, 1024);
    await discardBody(b.request, 1024 * 1024, 1000);
    expect(b.pulled()).toBe(10);
    expect(b.cancelled()).toBe(false);
  });

  it("gives up past the byte cap instead of reading an endless body", async () => {
    const b = countingBody(100_000, 64 * 1024);
    await discardBody(b.request, 1024 * 1024, 5000);
    expect(b.pulled()).toBeLessThan(20);
    expect(b.cancelled()).toBe(true);
  });

  it("gives up at the deadline on a body that stalls, and cancels it", async () => {
    let cancelled = false;
    const stalled = new ReadableStream<Uint8Array>({
      pull: () => new Promise(() => undefined),
      cancel: () => void (cancelled = true),
    });
    const request = new Request("http://app.test/x", { method: "POST", body: stalled, duplex: "half" } as RequestInit);
    await discardBody(request, 1024, 100);
    expect(cancelled).toBe(true);
  });

  it("leaves a body that someone already started reading", async () => {
    const b = countingBody(10, 1024);
    const reader = b.request.body!.getReader();
    await reader.read();
    await discardBody(b.request, 1024 * 1024, 1000);
    expect(b.pulled()).toBeLessThanOrEqual(2);
  });
});

describe("discardBody and declared sizes", () => {
  it("does not read a body whose declared length is over the cap", async () => {
    const b = countingBody(10, 1024);
    const request = new Request(b.request, { headers: { "content-length": String(50 * 1024 * 1024) } });
    await discardBody(request, 1024 * 1024, 1000);
    expect(b.pulled()).toBeLessThanOrEqual(1);
  });
});
