import "server-only";
import { OutputDownloadError } from "./output-download-error";

const DATA_URI_PREFIX = /^data:image\/[a-z0-9.+-]+;base64,/i;
const BASE64_CHARS = /^[A-Za-z0-9+/_-]*={0,2}$/;

export function hasImageMagic(bytes: Buffer): boolean {
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpeg = bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const webp = bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP";
  return png || jpeg || webp;
}

/** Decodes a `.base64` output's text: optional data-URI prefix, whitespace allowed, must be PNG/JPEG/WebP. */
export function decodeBase64Image(text: string): Buffer {
  const payload = text.trim().replace(DATA_URI_PREFIX, "").replace(/\s+/g, "");
  if (payload === "" || !BASE64_CHARS.test(payload)) {
    throw new OutputDownloadError("not_image", "The output file is not valid base64.");
  }
  const bytes = Buffer.from(payload, "base64");
  if (!hasImageMagic(bytes)) {
    throw new OutputDownloadError("not_image", "The decoded output is not a PNG, JPEG or WebP image.");
  }
  return bytes;
}
