import "server-only";
import { createHash } from "node:crypto";
import convert from "heic-convert";
import sharp from "sharp";
import { AppError } from "@/lib/errors";
import { FACE_LIMITS, IMAGE_MESSAGES } from "./limits";
import { sniffImageType } from "./sniff";

// The server's checks of image bytes: a face photo is validated and re-encoded (validateAndNormalizeFace),
// a model output is validated (inspectOutput). Both read the header before any pixel is decoded.

export type ImageErrorCode = "unsupported_media" | "payload_too_large" | "validation";

/** A face photo or output that was refused; `message` is written for the person who uploaded it. */
export class ImageValidationError extends AppError {
  constructor(code: ImageErrorCode, message: string, detail?: string) {
    super(code, message, { detail });
    this.name = "ImageValidationError";
  }
}

export const imageErrors = {
  notImage: (detail?: string) => new ImageValidationError("unsupported_media", IMAGE_MESSAGES.notImage, detail),
  svg: () => new ImageValidationError("unsupported_media", IMAGE_MESSAGES.svg),
  animated: (detail?: string) => new ImageValidationError("unsupported_media", IMAGE_MESSAGES.animated, detail),
  unreadable: (detail?: string) => new ImageValidationError("validation", IMAGE_MESSAGES.unreadable, detail),
  tooManyBytes: (detail?: string) => new ImageValidationError("payload_too_large", IMAGE_MESSAGES.tooManyBytes, detail),
  tooManyPixels: (detail?: string) => new ImageValidationError("payload_too_large", IMAGE_MESSAGES.tooManyPixels, detail),
  tooSmall: (detail?: string) => new ImageValidationError("validation", IMAGE_MESSAGES.tooSmall, detail),
};

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

const FACE_JPEG_QUALITY = 90;

type ImageHeader = { format: string; width: number; height: number; pages: number };

/** Dimensions and frame count from the file header only — no pixels are decoded. */
async function readHeader(input: Buffer): Promise<ImageHeader> {
  // limitInputPixels is off here on purpose: the caller compares the size itself and gives a clear message.
  const meta = await sharp(input, { limitInputPixels: false, failOn: "error" })
    .metadata()
    .catch((e: unknown) => {
      throw imageErrors.unreadable(`header unreadable: ${errorText(e)}`);
    });
  if (!meta.format || !meta.width || !meta.height) throw imageErrors.unreadable("header has no dimensions");
  // For multi-frame images sharp reports the whole strip's height; pageHeight is one frame.
  const height = meta.pages && meta.pages > 1 && meta.pageHeight ? meta.pageHeight : meta.height;
  return { format: meta.format, width: meta.width, height, pages: meta.pages ?? 1 };
}

/**
 * Decodes a HEIC/HEIF still to JPEG. sharp's bundled libvips has no HEVC decoder, so this uses libheif
 * (wasm). Callers must check dimensions first: this decodes every pixel.
 */
async function heicToJpeg(input: Buffer): Promise<Buffer> {
  try {
    const out = await convert({ buffer: input, format: "JPEG", quality: 0.95 });
    return Buffer.from(out instanceof Uint8Array ? out : new Uint8Array(out));
  } catch (e) {
    throw imageErrors.unreadable(`heic decode failed: ${errorText(e)}`);
  }
}

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
    .jpeg({ quality: FACE_JPEG_QUALITY })
    .toBuffer({ resolveWithObject: true })
    .catch((e: unknown) => {
      throw imageErrors.unreadable(`decode failed: ${errorText(e)}`);
    });

  return {
    bytes: data,
    mime: "image/jpeg",
    width: info.width,
    height: info.height,
    sha256: createHash("sha256").update(data).digest("hex"),
  };
}

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
