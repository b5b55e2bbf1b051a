import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";

export const PORTRAIT = path.join(process.cwd(), "e2e", "fixtures", "faces", "portrait-a.jpg");

/**
 * A phone-camera-sized JPEG made from the portrait fixture: upscaled to `width`×`height` with a little
 * sensor-like noise so it compresses like a real photo, at the lowest quality that reaches `targetBytes`.
 * Cached in the temp folder, keyed by its parameters.
 */
export async function bigJpeg(width: number, height: number, targetBytes: number): Promise<Buffer> {
  const cache = path.join(os.tmpdir(), `hs-bench-${width}x${height}-${targetBytes}.jpg`);
  if (existsSync(cache)) return readFileSync(cache);
  const base = await sharp(PORTRAIT).rotate().resize(width, height, { fit: "cover" }).removeAlpha().raw().toBuffer();
  let seed = 12345;
  for (let i = 0; i < base.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    base[i] = Math.max(0, Math.min(255, (base[i] ?? 0) + ((seed >> 16) % 7) - 3));
  }
  // Binary search on quality for the encoding closest to the target size.
  const encode = (quality: number) => sharp(base, { raw: { width, height, channels: 3 } }).jpeg({ quality }).toBuffer();
  let [lo, hi] = [40, 100];
  let out = await encode(hi);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const candidate = await encode(mid);
    if (candidate.length >= targetBytes) {
      hi = mid;
      out = candidate;
    } else lo = mid + 1;
  }
  writeFileSync(cache, out);
  return out;
}

/** The upload of issue 6 item 3: 4032×3024, about 5 MB. */
export const phonePhoto = () => bigJpeg(4032, 3024, 5 * 1000 * 1000);
/** The upload of item 4: about 10 MB (still inside the 20 MB and 40 MP limits). */
export const tenMbPhoto = () => bigJpeg(5300, 4000, 10 * 1000 * 1000);
