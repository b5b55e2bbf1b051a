// @vitest-environment node
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { listOutputs } from "@/lib/db/queries/outputs";
import { addFace, createHarness, params, type Harness } from "@/test/harness";
import { createGeneration } from "./create";
import { deleteOwnedGeneration } from "./privacy";
import { ensureThumbnail, ensureThumbnailOf, thumbnailsIdle } from "./thumbnails";

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
  const [out] = listOutputs(h.deps.db, generation.id);
  await h.deps.storage.delete(out!.thumbPath);
  expect(await h.deps.storage.stat(out!.thumbPath)).toBeNull();
  return { h, generation, out: out! };
}

describe("thumbnails", () => {
  it("are made in the background once a job has succeeded", async () => {
    h = await createHarness({ sim: { mode: "sync" } });
    const face = await addFace(h.deps, OWNER);
    const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null });
    await thumbnailsIdle();
    const [out] = listOutputs(h.deps.db, generation.id);
    const meta = await sharp((await h.deps.storage.get(out!.thumbPath))!).metadata();
    expect(meta).toMatchObject({ format: "webp", width: 410, height: 512 });
  });

  it("without anyone asking, one appears shortly after the last job of a burst finishes", async () => {
    h = await createHarness({ sim: { mode: "sync" } });
    const face = await addFace(h.deps, OWNER);
    const { generation } = await createGeneration(h.deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null });
    const [out] = listOutputs(h.deps.db, generation.id);
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
