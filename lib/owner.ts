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

/** The owner id carried by a signed cookie value, or null when missing, forged or malformed. */
export function ownerFromCookie(value: string | undefined): string | null {
  const id = unsign(value, getSessionSecret());
  return id && OWNER_ID.test(id) ? id : null;
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
