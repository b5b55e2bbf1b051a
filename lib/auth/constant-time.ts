import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/**
 * Compares two secrets in time that depends on neither. Hashing first gives equal-length inputs, so
 * the length of the expected secret does not leak either (timingSafeEqual alone throws on a mismatch).
 */
export function safeEqualText(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}
