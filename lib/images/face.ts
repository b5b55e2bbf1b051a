import { createHash } from "node:crypto";
import sharp from "sharp";
import { imageErrors } from "./errors";
import { heicToJpeg } from "./heic";
import { FACE_LIMITS } from "./limits";
import { readHeader } from "./header";
import { sniffImageType } from "./sniff";

export type NormalizedFace = { bytes: Buffer; mime: "image/jpeg"; width: number; height: number; sha256: string };

/**
 * Checks an uploaded face photo and re-encodes it as an upright JPEG of at most 2048 px on its long side,
 * with all metadata (EXIF, GPS, ICC, XMP) dropped. Everything cheap (size, magic bytes, header dimensions)
 * is checked before any pixel is decoded, so decompression bombs cost almost nothing.
 */
export async function validateAndNormalizeFace(input: Buffer): Promise<NormalizedFace> {
  if (input.length > FACE_LIMITS.maxBytes) throw imageErrors.tooManyBytes(`${input.length} bytes`);
  const kind = sniffImageType(input);
  if (kind === "svg") throw imageErrors.svg();
  if (kind === null) throw imageErrors.notImage("unrecognised magic bytes");

  const header = await readHeader(input);
  if (header.pages > 1) throw imageErrors.animated(`${kind} with ${header.pages} frames`);
  if (kind === "gif") throw imageErrors.notImage("still gif");
  if (header.width * header.height > FACE_LIMITS.maxPixels) throw imageErrors.tooManyPixels(`${header.width}x${header.height}`);
  if (Math.min(header.width, header.height) < FACE_LIMITS.minShortSide) throw imageErrors.tooSmall(`${header.width}x${header.height}`);

  const decodable = kind === "heic" ? await heicToJpeg(input) : input;
  const { data, info } = await sharp(decodable, { limitInputPixels: FACE_LIMITS.maxPixels, failOn: "error" })
    .rotate()
    .resize({ width: FACE_LIMITS.maxLongSide, height: FACE_LIMITS.maxLongSide, fit: "inside", withoutEnlargement: true })
    .flatten({ background: "#ffffff" })
    .jpeg({ quality: FACE_LIMITS.jpegQuality })
    .toBuffer({ resolveWithObject: true })
    .catch((e: unknown) => {
      throw imageErrors.unreadable(`decode failed: ${e instanceof Error ? e.message : String(e)}`);
    });

  return {
    bytes: data,
    mime: "image/jpeg",
    width: info.width,
    height: info.height,
    sha256: createHash("sha256").update(data).digest("hex"),
  };
}
