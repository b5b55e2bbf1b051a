import { describe, expect, it, vi } from "vitest";
import type { FaceCheckResult } from "@/lib/images/face-check";
import { checkBlocksGenerate, settleCheck } from "./face-check-state";
import { checkPixels, checkPrepared, settledFaceCheck, type FaceCheckRun } from "./face-check";
import type { PreparedFace } from "./prepare-face";

// The main-thread glue without a browser: the worker itself needs one (e2e/face-check.spec.ts covers it).

const prepared = (): PreparedFace => ({
  file: new File([new Uint8Array(10)], "face.jpg", { type: "image/jpeg" }),
  previewUrl: "blob:x",
  width: 2048,
  height: 1536,
  bytes: 10,
  originalBytes: 20,
  originalName: "a.jpg",
});
const result = (findings: FaceCheckResult["findings"], faces: number): FaceCheckResult => ({
  v: 1,
  faces,
  findings,
  metrics: { sharpness: 0.1, luma: 120, faceShare: null, facePixels: null, yaw: null },
});
const done = (r: FaceCheckResult): FaceCheckRun => ({ state: { status: "done", result: r, blocking: r.findings.includes("several_faces"), confirmed: false }, timings: null });

describe("checkPrepared", () => {
  it("shows the photo as being checked at once, then publishes the verdict, which a submit can also wait for", async () => {
    const face = prepared();
    const publish = vi.fn();
    let answer!: (run: FaceCheckRun) => void;
    const shown = checkPrepared(face, new Promise((resolve) => (answer = resolve)), publish);
    // Nothing loaded in this page yet: the first check says the detector is loading.
    expect(shown.check).toEqual({ status: "checking", firstRun: true });
    expect(publish).not.toHaveBeenCalled();
    const waited = settledFaceCheck(face.file);
    answer(done(result(["several_faces"], 3)));
    const state = await waited;
    expect(state).toMatchObject({ status: "done", blocking: true, confirmed: false });
    await vi.waitFor(() => expect(publish).toHaveBeenCalledWith({ ...face, check: state }));
  });

  it("publishes “unavailable” when no check could start, and blocks nothing", async () => {
    const face = prepared();
    const publish = vi.fn();
    checkPrepared(face, Promise.resolve(null), publish);
    expect(await settledFaceCheck(face.file)).toEqual({ status: "unavailable" });
    await vi.waitFor(() => expect(publish).toHaveBeenCalledWith({ ...face, check: { status: "unavailable" } }));
  });

  it("has nothing to wait for on a photo that was never checked", () => {
    expect(settledFaceCheck(prepared().file)).toBeNull();
  });
});

describe("checkPixels", () => {
  it("without Web Workers reports “unavailable” and still frees the pixels it was handed", async () => {
    const close = vi.fn();
    const run = await checkPixels({ width: 1, height: 1, close } as unknown as ImageBitmap);
    expect(run).toEqual({ state: { status: "unavailable" }, timings: null });
    expect(close).toHaveBeenCalledOnce();
  });
});

describe("settleCheck (a submit pressed while the check runs)", () => {
  it("waits for the verdict, so a group photo still needs “Use this photo anyway”", async () => {
    const face = prepared();
    let answer!: (run: FaceCheckRun) => void;
    const shown = checkPrepared(face, new Promise((resolve) => (answer = resolve)), () => undefined);
    expect(checkBlocksGenerate(shown.check)).toBe(false);
    const settling = settleCheck(shown);
    answer(done(result(["several_faces"], 3)));
    const settled = await settling;
    expect(settled.check).toMatchObject({ status: "done", blocking: true });
    expect(checkBlocksGenerate(settled.check)).toBe(true);
  });

  it("returns a photo whose check is over as it is", async () => {
    const face = { ...prepared(), check: done(result(["one_face"], 1)).state };
    expect(await settleCheck(face)).toBe(face);
  });
});
