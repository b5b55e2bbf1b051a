import type { Size } from "./fit-within";

type Canvas2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

export function makeCanvas({ width, height }: Size): { ctx: Canvas2D; toJpeg: (quality: number) => Promise<Blob> } {
  if (typeof OffscreenCanvas !== "undefined") {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("2D canvas is unavailable");
    return { ctx, toJpeg: (quality) => canvas.convertToBlob({ type: "image/jpeg", quality }) };
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
  return { ctx, toJpeg };
}

/**
 * Draws the bitmap at `size` and returns an encoder. Re-encoding from pixels is what drops EXIF/GPS.
 * JPEG has no alpha, so transparent PNG/WebP areas become white rather than black.
 */
export function drawForJpeg(bitmap: ImageBitmap, size: Size): (quality: number) => Promise<Blob> {
  const { ctx, toJpeg } = makeCanvas(size);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, size.width, size.height);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(bitmap, 0, 0, size.width, size.height);
  return toJpeg;
}
