import { createHmac, timingSafeEqual } from "node:crypto";

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
