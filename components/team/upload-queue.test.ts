import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/client/api";
import { createLimiter, personNameFor, photoFiles, retryWhenBusy } from "./upload-queue";

const file = (name: string, type = "") => new File([new Uint8Array(4)], name, { type });

describe("photoFiles", () => {
  it("keeps photos and drops hidden files and other documents", () => {
    const kept = photoFiles([
      file("jane_doe.JPG"),
      file("IMG_1.heic"),
      file("scan", "image/png"),
      file(".DS_Store"),
      file("._jane.jpg", "image/jpeg"),
      file("notes.txt", "text/plain"),
      file("cv.pdf", "application/pdf"),
    ]);
    expect(kept.map((f) => f.name)).toEqual(["jane_doe.JPG", "IMG_1.heic", "scan"]);
  });
});

describe("personNameFor", () => {
  it("turns the file name into a name", () => {
    expect(personNameFor(file("jane_doe-2.JPG"))).toBe("jane doe 2");
    expect(personNameFor(file("Team/Sales/Max Mustermann.png"))).toBe("Max Mustermann");
    expect(personNameFor(file("___.jpg"))).toBe("Unnamed");
  });
});

describe("createLimiter", () => {
  it("never runs more than the limit at once and starts tasks in the order given, across batches", async () => {
    const limit = createLimiter(3);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const task = (n: number) => async () => {
      started.push(n);
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n % 2 ? 5 : 1));
      running -= 1;
      return n;
    };
    const first = [1, 2, 3, 4, 5].map((n) => limit(task(n)));
    const second = [6, 7].map((n) => limit(task(n)));
    expect(await Promise.all([...first, ...second])).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
  it("frees the slot of a failed task", async () => {
    const limit = createLimiter(1);
    await expect(limit(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(limit(async () => "next")).resolves.toBe("next");
  });
});

describe("retryWhenBusy", () => {
  const busy = () => new ApiError(429, "rate_limited", "The server is busy processing photos.", { retryAfterSeconds: 5 });

  it("waits the Retry-After of a busy answer and tries again", async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await retryWhenBusy(
      async () => {
        calls += 1;
        if (calls < 3) throw busy();
        return "ok";
      },
      { wait: async (ms) => void waits.push(ms) },
    );
    expect(result).toBe("ok");
    expect(waits).toEqual([5000, 5000]);
  });
  it("gives up after the last attempt", async () => {
    await expect(retryWhenBusy(async () => Promise.reject(busy()), { attempts: 2, wait: async () => undefined })).rejects.toThrow(/busy/);
  });
  it("does not retry other errors, nor a spent quota", async () => {
    let calls = 0;
    const quota = new ApiError(429, "quota_exceeded", "This shoot has used all 10 of its generations.", { retryAfterSeconds: 60 });
    await expect(
      retryWhenBusy(async () => {
        calls += 1;
        throw quota;
      }, { wait: async () => undefined }),
    ).rejects.toBe(quota);
    expect(calls).toBe(1);
  });
});
