// lib/session — who is asking. The anonymous owner cookie every browser gets (here), the optional staff
// session that lifts quotas (staff.ts), and the signing both rest on (signing.ts). This file also holds the
// app's one Cookie-header reader for route handlers; pages and proxy.ts use Next's own `cookies()` /
// `request.cookies`, which hand over the same value.
import "server-only";
import { randomBytes } from "node:crypto";
import { parseCookie } from "cookie";
import { AppError } from "@/lib/errors";
import { getSessionSecret, sign, unsign } from "./signing";

export const OWNER_COOKIE = "hs_owner";
const OWNER_ID = /^o_[A-Za-z0-9_-]{22}$/;
const ONE_YEAR_S = 60 * 60 * 24 * 365;

// The parser leaves values as sent; only the cookie asked for is decoded, and a malformed %-escape in it
// makes it absent (the default decoder would hand the raw text back instead).
const AS_SENT = { decode: (value: string) => value };

/** One cookie's value from a request's Cookie header (the first, if sent twice), or null. */
export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  const value = parseCookie(header, AS_SENT)[name];
  if (value === undefined) return null;
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

export function newOwnerId(): string {
  return `o_${randomBytes(16).toString("base64url")}`;
}

// Cookies already verified, so a browser polling every second costs one HMAC, not one per request.
// Only valid signatures are kept, and the map is bounded, so forged cookies cannot grow it.
const verified = new Map<string, { secret: string; id: string }>();
const VERIFIED_MAX = 5_000;

/** The owner id carried by a signed cookie value, or null when missing, forged or malformed. */
export function ownerFromCookie(value: string | null | undefined): string | null {
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
  return ownerFromCookie(readCookie(request, OWNER_COOKIE));
}

/** The owner of this request. proxy.ts issues the cookie, so a request without one owns nothing. */
export function ownerOrThrow(request: Request, notFound = false): string {
  const owner = requestOwner(request);
  if (owner) return owner;
  if (notFound) throw new AppError("not_found", "Not found.");
  throw new AppError("unauthorized", "Your session cookie is missing. Reload the page and try again.");
}
