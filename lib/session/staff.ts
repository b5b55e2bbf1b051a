import "server-only";
import { createHmac } from "node:crypto";
import { z } from "zod";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { clientIp, refundFor, signInFailureDelay, spendFor } from "@/lib/http/rate-limit";
import { log } from "@/lib/log";
import type { Audience } from "@/lib/generations/quota-policy";
import { readCookie } from "./owner";
import { getSessionSecret, safeEqualText, sign, unsign } from "./signing";

// The staff session: a team access code (STAFF_ACCESS_CODE) exchanged for a signed cookie that makes the
// caller "staff" (larger quotas) instead of "demo".

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

/** "staff" for a request with a valid staff session while staff sign-in is enabled; everyone else is "demo". */
export function getAudience(request: Request, now = Date.now()): Audience {
  const code = getConfig().staffAccessCode;
  if (code === null) return "demo";
  const value = readCookie(request, STAFF_COOKIE);
  return isValidStaffSession(value, { secret: getSessionSecret(), code, now }) ? "staff" : "demo";
}

export const signInSchema = z.object({ code: z.string().trim().min(1, { error: "Enter the team access code." }).max(200) });

export const STAFF_SIGN_IN_DISABLED = "Team sign-in is not enabled on this server. An administrator can turn it on by setting STAFF_ACCESS_CODE.";

export type StaffCookie = { name: string; value: string; options: { httpOnly: true; sameSite: "lax"; secure: boolean; path: "/"; maxAge: number } };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Checks a team access code and returns the session cookie to set. Guessing is held back without letting a
 * guesser lock the team out:
 * - With TRUST_PROXY (client addresses known), each address may fail 5 times per 15 minutes ("auth" rate
 *   limit): an attempt is refused with 429 before the comparison once its address has used them up, and a
 *   right code gives its token back. Other addresses are not affected.
 * - Without it every client looks the same, so there is no lock-out (it would lock out everyone): every attempt
 *   is compared, and the right code always gets in at once.
 * - Either way every wrong code is answered after a delay that grows with recent failures for that client
 *   (shared without TRUST_PROXY): 250 ms, doubling to 10 s.
 * What keeps guessing hopeless is then the code's strength (≥ 12 characters; README "Security and limits").
 */
export async function signInStaff(request: Request, body: unknown, now = Date.now(), wait: (ms: number) => Promise<void> = sleep): Promise<StaffCookie> {
  const { code } = signInSchema.parse(body);
  const config = getConfig();
  if (config.staffAccessCode === null) throw new AppError("forbidden", STAFF_SIGN_IN_DISABLED);
  const ip = clientIp(request);
  if (ip !== null) await spendFor("auth", ip);
  if (!safeEqualText(code, config.staffAccessCode)) {
    const delayMs = signInFailureDelay().recordFailure(ip ?? "local", now);
    log("warn", "staff_sign_in_refused", { delayMs });
    await wait(delayMs);
    throw new AppError("unauthorized", "That access code is not right.", { fields: { code: "That access code is not right." } });
  }
  if (ip !== null) await refundFor("auth", ip);
  const secret = getSessionSecret();
  const session = issueStaffSession({ secret, code: config.staffAccessCode, now, ttlMs: config.staffSessionTtlMs });
  return staffCookie(request, session.value, Math.floor(config.staffSessionTtlMs / 1000));
}

export function staffCookie(request: Request, value: string, maxAge: number): StaffCookie {
  const secure = new URL(request.url).protocol === "https:";
  return { name: STAFF_COOKIE, value, options: { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge } };
}
