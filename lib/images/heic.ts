import convert from "heic-convert";
import { imageErrors } from "./errors";

/**
 * Decodes a HEIC/HEIF still to JPEG. sharp's bundled libvips has no HEVC decoder, so this uses libheif
 * (wasm). Callers must check dimensions first: this decodes every pixel.
 */
export async function heicToJpeg(input: Buffer): Promise<Buffer> {
  try {
    const out = await convert({ buffer: input, format: "JPEG", quality: 0.95 });
    return Buffer.from(out instanceof Uint8Array ? out : new Uint8Array(out));
  } catch (e) {
    throw imageErrors.unreadable(`heic decode failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
