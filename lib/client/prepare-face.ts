import { FACE_LIMITS, FaceInputError } from "@/lib/images/limits";
import type { FaceCheckState } from "./face-check-state";
import { SNIFF_BYTES, sniffImageType } from "@/lib/images/sniff";

// Browser photo preparation: a chosen photo is checked by its bytes (the server's sniffer and limits),
// HEIC is converted with libheif's WebAssembly build, then it is turned upright (EXIF), downscaled and
// re-encoded as JPEG, which also drops EXIF/GPS. The upload form imports this only once a photo is chosen.
// The downscaled pixels can be handed to the face check before the JPEG is encoded (`onPixels`), so the check
// runs beside the encoding and never decodes the photo a second time.

/** A face photo made ready in the browser: resized, re-encoded as JPEG, metadata dropped. */
export type PreparedFace = {
  /** The processed JPEG that is sent to the server. */
  file: File;
  /** An object URL of `file`; whoever discards the value should revoke it. */
  previewUrl: string;
  width: number;
  height: number;
  bytes: number;
  originalBytes: number;
  originalName: string;
  /** The on-device face check of `file` (lib/client/face-check.ts), added by the photo input once it starts. */
  check?: FaceCheckState;
};

// Aim for ≤ 400 KB on the wire; one retry at a lower quality when the first try is bigger.
const JPEG = { targetBytes: 400 * 1024, quality: 0.88, fallbackQuality: 0.8, heicQuality: 0.92 } as const;

export type Size = { width: number; height: number };

/** Scales (never enlarges) so the longer side is at most `max`, keeping the aspect ratio. */
export function fitWithin(width: number, height: number, max: number): Size {
  const long = Math.max(width, height);
  if (long <= max) return { width, height };
  const scale = max / long;
  return {
    width: Math.max(1, width >= height ? max : Math.round(width * scale)),
    height: Math.max(1, height > width ? max : Math.round(height * scale)),
  };
}

type Canvas2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

type Drawn = { ctx: Canvas2D; toJpeg: (quality: number) => Promise<Blob>; pixels: () => Promise<ImageBitmap> };

function makeCanvas({ width, height }: Size): Drawn {
  if (typeof OffscreenCanvas !== "undefined") {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("2D canvas is unavailable");
    return { ctx, toJpeg: (quality) => canvas.convertToBlob({ type: "image/jpeg", quality }), pixels: () => createImageBitmap(canvas) };
  }
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("2D canvas is unavailable");
  const toJpeg = (quality: number) =>
    new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("JPEG encoding failed"))), "image/jpeg", quality),
    );
  return { ctx, toJpeg, pixels: () => createImageBitmap(canvas) };
}

/**
 * Draws the bitmap at `size` and returns its encoder and its pixels. Re-encoding from pixels is what drops
 * EXIF/GPS. JPEG has no alpha, so transparent PNG/WebP areas become white rather than black.
 */
function drawForJpeg(bitmap: ImageBitmap, size: Size): Omit<Drawn, "ctx"> {
  const { ctx, toJpeg, pixels } = makeCanvas(size);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, size.width, size.height);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(bitmap, 0, 0, size.width, size.height);
  return { toJpeg, pixels };
}

/**
 * Converts HEIC/HEIF to a JPEG blob with libheif's WebAssembly build (~2 MB, loaded only when a HEIC photo
 * arrives). Unlike heic2any it evaluates no generated code, so the CSP needs no 'unsafe-eval'.
 */
async function heicToJpeg(blob: Blob): Promise<Blob> {
  const { default: load } = await import("libheif-js/libheif-wasm/libheif-bundle.mjs");
  const libheif = await load();
  const images = new libheif.HeifDecoder().decode(new Uint8Array(await blob.arrayBuffer()));
  try {
    const image = images[0];
    if (!image) throw new Error("HEIC file holds no image");
    const size = { width: image.get_width(), height: image.get_height() };
    const { ctx, toJpeg } = makeCanvas(size);
    const pixels = ctx.createImageData(size.width, size.height);
    await new Promise<void>((resolve, reject) =>
      image.display(pixels, (result) => (result ? resolve() : reject(new Error("HEIC decoding failed")))),
    );
    ctx.putImageData(pixels, 0, 0);
    return await toJpeg(JPEG.heicQuality);
  } finally {
    for (const image of images) image.free();
  }
}

async function decode(blob: Blob): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(blob, { imageOrientation: "from-image" });
  } catch {
    throw new FaceInputError("unreadable");
  }
}

/**
 * Checks, resizes and re-encodes a chosen photo. Throws FaceInputError with a message fit for people.
 * `onPixels` receives the resized, upright, opaque pixels (exactly what the JPEG is made of) before the JPEG is
 * encoded, and owns them from then on (it must close the bitmap); not called when preparation fails before that
 * or the pixels cannot be copied.
 */
export async function prepareFace(file: File, onPixels?: (pixels: ImageBitmap) => void): Promise<PreparedFace> {
  const format = sniffImageType(new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer()));
  if (format === "svg") throw new FaceInputError("svg");
  // GIF is refused here whether animated or not; the server words an animated one differently.
  if (format === null || format === "gif") throw new FaceInputError("notImage");
  if (file.size > FACE_LIMITS.maxBytes) throw new FaceInputError("tooManyBytes");

  let decodable: Blob = file;
  if (format === "heic") {
    try {
      decodable = await heicToJpeg(file);
    } catch {
      throw new FaceInputError("unreadable");
    }
  }

  const bitmap = await decode(decodable);
  try {
    if (Math.min(bitmap.width, bitmap.height) < FACE_LIMITS.minShortSide) throw new FaceInputError("tooSmall");
    const size = fitWithin(bitmap.width, bitmap.height, FACE_LIMITS.maxLongSide);
    const { toJpeg, pixels } = drawForJpeg(bitmap, size);
    // The face check starts now, beside the encoding; pixels that cannot be copied are just not checked.
    const copy = onPixels ? await pixels().catch(() => null) : null;
    if (copy) onPixels?.(copy);
    let jpeg = await toJpeg(JPEG.quality);
    if (jpeg.size > JPEG.targetBytes) jpeg = await toJpeg(JPEG.fallbackQuality);

    const out = new File([jpeg], "face.jpg", { type: "image/jpeg", lastModified: Date.now() });
    return {
      file: out,
      previewUrl: URL.createObjectURL(out),
      width: size.width,
      height: size.height,
      bytes: out.size,
      originalBytes: file.size,
      originalName: file.name,
    };
  } finally {
    bitmap.close();
  }
}
