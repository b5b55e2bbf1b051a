// Test-only: the face fixtures under e2e/fixtures/faces and images made with sharp for tests.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import sharp from "sharp";

export const FACES_DIR = path.join(process.cwd(), "e2e", "fixtures", "faces");
export const fixture = (name: string) => fs.readFileSync(path.join(FACES_DIR, name));

export const solid = (width: number, height: number, background = "#808080") =>
  sharp({ create: { width, height, channels: 3, background } });

/** A real PNG whose IHDR is patched to claim width×height (with a valid CRC) — a decompression-bomb header. */
export async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await solid(16, 16).png().toBuffer());
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(zlib.crc32(png.subarray(12, 29)), 29);
  return png;
}

export async function animated(format: "gif" | "webp"): Promise<Buffer> {
  const frames = await Promise.all(["#ff0000", "#00ff00", "#0000ff"].map((c) => solid(400, 400, c).png().toBuffer()));
  const strip = sharp(frames, { join: { animated: true } });
  return format === "gif" ? strip.gif().toBuffer() : strip.webp().toBuffer();
}
