import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { IMAGE_MESSAGES } from "@/lib/images/limits";
import { fitWithin, prepareFace } from "./prepare-face";

// libheif's WebAssembly decoder, stubbed: one 640×427 image whose pixels "decode" fine.
const heifDecode = vi.fn(() => [{ get_width: () => 640, get_height: () => 427, display: (p: unknown, done: (r: unknown) => void) => done(p), free() {} }]);
vi.mock("libheif-js/libheif-wasm/libheif-bundle.mjs", () => ({
  default: () => ({ HeifDecoder: class { decode = heifDecode; } }),
}));

const faces = path.resolve(__dirname, "../../e2e/fixtures/faces");
const fixture = (name: string, type = "image/jpeg") => new File([readFileSync(path.join(faces, name))], name, { type });

// The browser pieces (decode, canvas, object URLs) are stubbed: these tests cover the pipeline's decisions.
let decoded = { width: 4032, height: 3024 };
let encodedSizes: number[] = [];
const qualities: number[] = [];
const drawn: Array<[number, number]> = [];
/** What happened, in order: "pixels" (handed to onPixels), "encode" (a JPEG encoding started). */
const events: string[] = [];
type FakeBitmap = { width: number; height: number; close: ReturnType<typeof vi.fn>; ofCanvas: boolean };

class FakeOffscreenCanvas {
  constructor(readonly width: number, readonly height: number) {}
  getContext() {
    return {
      fillRect() {},
      drawImage: (_b: unknown, _x: number, _y: number, w: number, h: number) => drawn.push([w, h]),
      createImageData: (width: number, height: number) => ({ width, height, data: new Uint8ClampedArray(0) }),
      putImageData() {},
    };
  }
  async convertToBlob({ quality }: { quality: number }) {
    qualities.push(quality);
    events.push("encode");
    return new Blob([new Uint8Array(encodedSizes.shift() ?? 1000)], { type: "image/jpeg" });
  }
}

beforeEach(() => {
  decoded = { width: 4032, height: 3024 };
  encodedSizes = [];
  qualities.length = 0;
  drawn.length = 0;
  events.length = 0;
  vi.stubGlobal("OffscreenCanvas", FakeOffscreenCanvas);
  // A decoded photo, or a copy of a canvas's pixels (the face check's input).
  vi.stubGlobal(
    "createImageBitmap",
    vi.fn(async (source: unknown): Promise<FakeBitmap> =>
      source instanceof FakeOffscreenCanvas
        ? { width: source.width, height: source.height, close: vi.fn(), ofCanvas: true }
        : { ...decoded, close: vi.fn(), ofCanvas: false },
    ),
  );
  vi.spyOn(URL, "createObjectURL").mockReturnValue("blob:preview");
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("prepareFace", () => {
  it("downscales a phone photo to 2048 on the long side and returns a JPEG named face.jpg", async () => {
    encodedSizes = [350_000];
    const input = fixture("portrait-a.jpg");
    const face = await prepareFace(input);
    expect(drawn).toEqual([[2048, 1536]]);
    expect(qualities).toEqual([0.88]);
    expect(face).toMatchObject({ width: 2048, height: 1536, bytes: 350_000, originalBytes: input.size, originalName: "portrait-a.jpg", previewUrl: "blob:preview" });
    expect(face.file.name).toBe("face.jpg");
    expect(face.file.type).toBe("image/jpeg");
    expect(createImageBitmap).toHaveBeenCalledWith(input, { imageOrientation: "from-image" });
  });

  it("retries once at quality 0.8 when the first JPEG is over 400 KB", async () => {
    encodedSizes = [520_000, 380_000];
    const face = await prepareFace(fixture("portrait-b.jpg"));
    expect(qualities).toEqual([0.88, 0.8]);
    expect(face.bytes).toBe(380_000);
  });

  it("converts HEIC before decoding, whatever the MIME type says", async () => {
    decoded = { width: 640, height: 427 };
    const face = await prepareFace(fixture("group-3-faces.heic", ""));
    expect(heifDecode).toHaveBeenCalledOnce();
    // The HEIC was decoded to pixels and re-encoded before the bitmap decode saw it.
    expect(vi.mocked(createImageBitmap).mock.calls[0]?.[0]).toMatchObject({ type: "image/jpeg" });
    expect(face).toMatchObject({ width: 640, height: 427 });
  });

  it("rejects non-images and SVG by content, not by name or type", async () => {
    const pdf = new File(["%PDF-1.7 ..."], "photo.jpg", { type: "image/jpeg" });
    await expect(prepareFace(pdf)).rejects.toThrow(IMAGE_MESSAGES.notImage);
    const svg = new File(['<svg xmlns="http://www.w3.org/2000/svg"></svg>'], "me.png", { type: "image/png" });
    await expect(prepareFace(svg)).rejects.toThrow(IMAGE_MESSAGES.svg);
    const gif = new File(["GIF89a\x01\x00\x01\x00"], "me.jpg", { type: "image/jpeg" });
    await expect(prepareFace(gif)).rejects.toThrow(IMAGE_MESSAGES.notImage);
    expect(createImageBitmap).not.toHaveBeenCalled();
  });

  it("rejects photos over 20 MB", async () => {
    const big = new File([new Uint8Array([0xff, 0xd8, 0xff]), new Uint8Array(20 * 1024 * 1024)], "big.jpg");
    await expect(prepareFace(big)).rejects.toThrow(IMAGE_MESSAGES.tooManyBytes);
  });

  it("reports an undecodable image as damaged", async () => {
    vi.mocked(createImageBitmap).mockRejectedValueOnce(new DOMException("bad", "InvalidStateError"));
    await expect(prepareFace(fixture("portrait-c.jpg"))).rejects.toThrow(IMAGE_MESSAGES.unreadable);
  });

  it("hands the face check the resized pixels before the JPEG is encoded, and closes only its own decode", async () => {
    const handed: FakeBitmap[] = [];
    const face = await prepareFace(fixture("portrait-a.jpg"), (pixels) => {
      events.push("pixels");
      handed.push(pixels as unknown as FakeBitmap);
    });
    expect(events).toEqual(["pixels", "encode"]);
    expect(handed).toHaveLength(1);
    // The same pixels as the JPEG: resized to 2048, not the 4032-px decode.
    expect(handed[0]).toMatchObject({ width: 2048, height: 1536, ofCanvas: true });
    expect(face).toMatchObject({ width: 2048, height: 1536 });
    // The receiver owns (and closes) the pixels; the full-size decode is closed here.
    expect(handed[0]?.close).not.toHaveBeenCalled();
    const decodedBitmap = (await vi.mocked(createImageBitmap).mock.results[0]?.value) as FakeBitmap;
    expect(decodedBitmap.close).toHaveBeenCalledOnce();
  });

  it("still prepares the photo when its pixels cannot be copied for the check, and hands nothing", async () => {
    const onPixels = vi.fn();
    vi.mocked(createImageBitmap).mockImplementation(async (source: unknown) => {
      if (source instanceof FakeOffscreenCanvas) throw new DOMException("no", "InvalidStateError");
      return { ...decoded, close: vi.fn() } as unknown as ImageBitmap;
    });
    const face = await prepareFace(fixture("portrait-a.jpg"), onPixels);
    expect(face).toMatchObject({ width: 2048, height: 1536 });
    expect(onPixels).not.toHaveBeenCalled();
  });

  it("hands no pixels for a photo it refuses", async () => {
    decoded = { width: 1200, height: 255 };
    const onPixels = vi.fn();
    await expect(prepareFace(fixture("portrait-a.jpg"), onPixels)).rejects.toMatchObject({ code: "tooSmall" });
    expect(onPixels).not.toHaveBeenCalled();
  });

  it("rejects photos under 256 px on the shorter side", async () => {
    decoded = { width: 1200, height: 255 };
    await expect(prepareFace(fixture("portrait-a.jpg"))).rejects.toMatchObject({ name: "FaceInputError", code: "tooSmall" });
  });
});

describe("fitWithin", () => {
  it("scales a phone photo so the long side is the maximum", () => {
    expect(fitWithin(4032, 3024, 2048)).toEqual({ width: 2048, height: 1536 });
    expect(fitWithin(3024, 4032, 2048)).toEqual({ width: 1536, height: 2048 });
  });

  it("never enlarges", () => {
    expect(fitWithin(600, 700, 2048)).toEqual({ width: 600, height: 700 });
    expect(fitWithin(2048, 100, 2048)).toEqual({ width: 2048, height: 100 });
  });

  it("handles squares, odd ratios and rounding", () => {
    expect(fitWithin(5000, 5000, 2048)).toEqual({ width: 2048, height: 2048 });
    expect(fitWithin(4000, 2999, 2048)).toEqual({ width: 2048, height: 1535 });
    expect(fitWithin(100_000, 10, 2048)).toEqual({ width: 2048, height: 1 });
  });
});
