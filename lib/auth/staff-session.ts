import "server-only";
import { createHmac } from "node:crypto";
import { sign, unsign } from "@/lib/security/signed-value";

export const STAFF_COOKIE = "hs_staff";
const PREFIX = "staff";

type Keys = { secret: string; code: string };

/**
 * Ties a session to the current access code without revealing it: changing STAFF_ACCESS_CODE signs
 * every staff member out. Keyed by the session secret so the tag cannot be brute-forced offline.
 */
function codeTag({ secret, code }: Keys): string {
  return createHmac("sha256", secret).update(`staff-code\0${code}`).digest("base64url").slice(0, 22);
}

/** The signed cookie value: `staff:<expiresAtMs>:<codeTag>.<hmac>`. */
export function issueStaffSession(keys: Keys & { now: number; ttlMs: number }): { value: string; expiresAt: number } {
  const expiresAt = keys.now + keys.ttlMs;
  return { value: sign(`${PREFIX}:${expiresAt}:${codeTag(keys)}`, keys.secret), expiresAt };
}

/** True only for an unexpired session signed with this secret for this access code. */
export function isValidStaffSession(value: string | null | undefined, keys: Keys & { now: number }): boolean {
  const payload = unsign(value, keys.secret);
  if (!payload) return false;
  const [prefix, expires, tag, ...rest] = payload.split(":");
  if (prefix !== PREFIX || rest.length > 0 || !expires || !/^\d{1,16}$/.test(expires)) return false;
  return Number(expires) > keys.now && tag === codeTag(keys);
}
