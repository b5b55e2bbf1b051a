import "server-only";
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getConfig } from "@/lib/config";

let cached: string | undefined;

/**
 * The key that signs owner cookies. SESSION_SECRET wins; otherwise one is generated on first start and
 * kept in DATA_DIR so cookies survive restarts without any manual set-up step.
 */
export function getSessionSecret(): string {
  if (cached) return cached;
  const config = getConfig();
  if (config.sessionSecret) return (cached = config.sessionSecret);
  const file = path.join(config.dataDir, "session-secret");
  try {
    cached = readFileSync(file, "utf8").trim();
    if (cached.length >= 32) return cached;
  } catch {
    // first start: fall through and create it
  }
  mkdirSync(config.dataDir, { recursive: true });
  const fresh = randomBytes(32).toString("base64url");
  try {
    writeFileSync(file, fresh, { flag: "wx", mode: 0o600 });
    cached = fresh;
  } catch {
    // another worker won the race: use its secret
    cached = readFileSync(file, "utf8").trim();
  }
  return cached;
}

/** `value.signature` with an HMAC-SHA256 signature (base64url). */
export function sign(value: string, secret: string): string {
  return `${value}.${mac(value, secret)}`;
}

/** The value when the signature matches, else null. Constant-time comparison. */
export function unsign(signed: string | undefined | null, secret: string): string | null {
  if (!signed) return null;
  const dot = signed.lastIndexOf(".");
  if (dot <= 0) return null;
  const value = signed.slice(0, dot);
  const given = Buffer.from(signed.slice(dot + 1));
  const expected = Buffer.from(mac(value, secret));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return value;
}

function mac(value: string, secret: string): string {
  return createHmac("sha256", secret).update(value).digest("base64url");
}

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/**
 * Compares two secrets in time that depends on neither. Hashing first gives equal-length inputs, so
 * the length of the expected secret does not leak either (timingSafeEqual alone throws on a mismatch).
 */
export function safeEqualText(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}
