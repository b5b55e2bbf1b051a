import { createHash } from "node:crypto";

/** mulberry32: tiny, fast and good enough for picking colours and crops. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedFromParts(parts: (string | number)[]): number {
  const digest = createHash("sha256").update(parts.map(String).join("\u0000")).digest();
  return digest.readUInt32BE(0);
}

export const sha256Hex = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
