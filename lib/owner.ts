import "server-only";
import { randomBytes } from "node:crypto";
import { getSessionSecret } from "@/lib/security/secret";
import { sign, unsign } from "@/lib/security/signed-value";

export const OWNER_COOKIE = "hs_owner";
const OWNER_ID = /^o_[A-Za-z0-9_-]{22}$/;
const ONE_YEAR_S = 60 * 60 * 24 * 365;

export function newOwnerId(): string {
  return `o_${randomBytes(16).toString("base64url")}`;
}

// Cookies already verified, so a browser polling every second costs one HMAC, not one per request.
// Only valid signatures are kept, and the map is bounded, so forged cookies cannot grow it.
const verified = new Map<string, { secret: string; id: string }>();
const VERIFIED_MAX = 5_000;

/** The owner id carried by a signed cookie value, or null when missing, forged or malformed. */
export function ownerFromCookie(value: string | undefined): string | null {
  if (!value) return null;
  const secret = getSessionSecret();
  const known = verified.get(value);
  if (known?.secret === secret) return known.id;
  const id = unsign(value, secret);
  if (!id || !OWNER_ID.test(id)) return null;
  if (verified.size >= VERIFIED_MAX) verified.clear();
  verified.set(value, { secret, id });
  return id;
}

export function ownerCookie(ownerId: string, secure: boolean) {
  return {
    name: OWNER_COOKIE,
    value: sign(ownerId, getSessionSecret()),
    options: { httpOnly: true, sameSite: "lax" as const, secure, path: "/", maxAge: ONE_YEAR_S },
  };
}

/** The requesting owner, from the request's cookie (proxy.ts makes sure every browser has one). */
export function requestOwner(request: Request): string | null {
  const raw = request.headers.get("cookie") ?? "";
  for (const part of raw.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === OWNER_COOKIE) return ownerFromCookie(safeDecode(rest.join("=")));
  }
  return null;
}

// A malformed %-escape in a cookie is the sender's problem: it simply carries no owner.
function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
