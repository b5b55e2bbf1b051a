// @vitest-environment node
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { listOutputs } from "@/lib/db/queries/outputs";
import { createGeneration } from "@/lib/generations/create";
import { deleteOwnedGeneration } from "@/lib/generations/privacy";
import { addFace, createHarness, params, type Harness } from "@/test/harness";
import { fixture, solid } from "@/test/images";
import { ImageValidationError } from "./face";
import { createQuietQueue, ensureThumbnail, ensureThumbnailOf, makeThumbnail, thumbnailsIdle } from "./thumbnails";

const photoPng = (name: string, width: number, height: number) => sharp(fixture(name)).resize(width, height, { fit: "cover" }).png().toBuffer();

describe("makeThumbnail", () => {
  it.each([
    ["portrait-c.jpg", 1024, 1024, 512, 512],
    ["group-3-faces-c-gps.jpg", 1024, 1024, 512, 512],
    ["portrait-a.jpg", 832, 1216, 350, 512],
    ["group-3-faces-b-gps.jpg", 1216, 832, 512, 350],
  ])("makes a WebP of %s at %i×%i that fits 512 px and 30 KB", async (name, w, h, tw, th) => {
    const thumb = await makeThumbnail(await photoPng(name, w, h));
    expect([thumb.width, thumb.height]).toEqual([tw, th]);
    expect(thumb.bytes.length).toBeLessThanOrEqual(30 * 1024);
    const meta = await sharp(thumb.bytes).metadata();
    expect(meta).toMatchObject({ format: "webp", width: tw, height: th });
    expect(meta.exif).toBeUndefined();
  });

  it("never enlarges a small image", async () => {
    const thumb = await makeThumbnail(await solid(300, 200).png().toBuffer());
    expect([thumb.width, thumb.height]).toEqual([300, 200]);
  });

  it("refuses bytes that are not an image", async () => {
    await expect(makeThumbnail(Buffer.from("nope"))).rejects.toBeInstanceOf(ImageValidationError);
  });
});

describe("createQuietQueue", () => {
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

describe("thumbnails of a job's outputs", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const OWNER = "o_owner";

  /** A finished job whose thumbnail is missing, as after a crash between "succeeded" and the background work. */
  async function jobWithoutThumbnail() {
    h = await createHarness({ sim: { mode: "sync" } });
    const face = await addFace(h.deps, OWNER);
    const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null });
    expect(generation.status).toBe("succeeded");
    await thumbnailsIdle();
    const [out] = await listOutputs(h.deps.db, generation.id);
    await h.deps.storage.delete(out!.thumbPath);
    expect(await h.deps.storage.stat(out!.thumbPath)).toBeNull();
    return { h, generation, out: out! };
  }

  it("are made in the background once a job has succeeded", async () => {
    h = await createHarness({ sim: { mode: "sync" } });
    const face = await addFace(h.deps, OWNER);
    const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null });
    await thumbnailsIdle();
    const [out] = await listOutputs(h.deps.db, generation.id);
    const meta = await sharp((await h.deps.storage.get(out!.thumbPath))!).metadata();
    expect(meta).toMatchObject({ format: "webp", width: 410, height: 512 });
  });

  it("without anyone asking, one appears shortly after the last job of a burst finishes", async () => {
    h = await createHarness({ sim: { mode: "sync" } });
    const face = await addFace(h.deps, OWNER);
    const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null });
    const [out] = await listOutputs(h.deps.db, generation.id);
    expect(await h.deps.storage.stat(out!.thumbPath)).toBeNull();
    const deadline = Date.now() + 5_000;
    while (!(await h.deps.storage.stat(out!.thumbPath)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await h.deps.storage.stat(out!.thumbPath)).not.toBeNull();
  });

  it("a missing one is made on demand from the stored output, once for concurrent requests, and kept", async () => {
    const { h, generation, out } = await jobWithoutThumbnail();
    const results = await Promise.all([1, 2, 3].map(() => ensureThumbnailOf(h.deps, generation.id, 0)));
    expect(results).toEqual([true, true, true]);
    const first = await h.deps.storage.stat(out.thumbPath);
    expect(first).not.toBeNull();
    expect((await sharp((await h.deps.storage.get(out.thumbPath))!).metadata()).format).toBe("webp");
    expect(await ensureThumbnailOf(h.deps, generation.id, 0)).toBe(true);
    expect((await h.deps.storage.stat(out.thumbPath))?.mtimeMs).toBe(first?.mtimeMs);
  });

  it("an unknown output, or one whose file is gone, has none", async () => {
    const { h, generation, out } = await jobWithoutThumbnail();
    expect(await ensureThumbnailOf(h.deps, generation.id, 7)).toBe(false);
    await h.deps.storage.delete(out.path);
    expect(await ensureThumbnailOf(h.deps, generation.id, 0)).toBe(false);
    expect(await h.deps.storage.stat(out.thumbPath)).toBeNull();
  });

  it("leaves no orphan when the job is deleted while its thumbnail is being made", async () => {
    const { h, generation, out } = await jobWithoutThumbnail();
    const source = { generationId: generation.id, idx: 0, path: out.path, thumbPath: out.thumbPath };
    const making = ensureThumbnail(h.deps, source);
    // Rows go first, then files: the output file is still readable while the thumbnail is made.
    await deleteOwnedGeneration({ db: h.deps.db, storage: { ...h.deps.storage, delete: async () => undefined } }, OWNER, generation.id);
    expect(await making).toBe(false);
    expect(await h.deps.storage.stat(out.thumbPath)).toBeNull();
  });
});
