import sharp from "sharp";
import { imageErrors } from "./errors";
import { readHeader } from "./header";
import { FACE_LIMITS, THUMB_LIMITS } from "./limits";
import { sniffImageType } from "./sniff";

const OUTPUT_MIME = { png: "image/png", jpeg: "image/jpeg", webp: "image/webp" } as const;

/** Checks that bytes from upstream are a PNG, JPEG or WebP image and reads its size. */
export async function inspectOutput(bytes: Buffer): Promise<{ width: number; height: number; mime: string }> {
  const kind = sniffImageType(bytes);
  if (kind !== "png" && kind !== "jpeg" && kind !== "webp") throw imageErrors.notImage(`output sniffed as ${kind ?? "unknown"}`);
  const header = await readHeader(bytes);
  if (header.format !== kind) throw imageErrors.notImage(`output header says ${header.format}, bytes say ${kind}`);
  if (header.width * header.height > FACE_LIMITS.maxPixels) throw imageErrors.tooManyPixels(`${header.width}x${header.height}`);
  return { width: header.width, height: header.height, mime: OUTPUT_MIME[kind] };
}

/**
 * A WebP preview, at most 512 px on its long side (under 30 KB for 1024 px photos in tests). Effort 2 without
 * smart subsampling: 26 ms instead of 60 ms for a 1024 px photo, for about 5 % more bytes.
 */
export async function makeThumbnail(png: Buffer): Promise<{ bytes: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(png, { limitInputPixels: FACE_LIMITS.maxPixels, failOn: "error" })
    .rotate()
    .resize({ width: THUMB_LIMITS.longSide, height: THUMB_LIMITS.longSide, fit: "inside", withoutEnlargement: true })
    .webp({ quality: THUMB_LIMITS.webpQuality, effort: 2, smartSubsample: false })
    .toBuffer({ resolveWithObject: true })
    .catch((e: unknown) => {
      throw imageErrors.unreadable(`thumbnail failed: ${e instanceof Error ? e.message : String(e)}`);
    });
  return { bytes: data, width: info.width, height: info.height };
}
