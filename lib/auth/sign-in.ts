import "server-only";
import { z } from "zod";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { rateLimit } from "@/lib/rate-limit/limit";
import { getSessionSecret } from "@/lib/security/secret";
import { safeEqualText } from "./constant-time";
import { issueStaffSession, STAFF_COOKIE } from "./staff-session";

export const signInSchema = z.object({ code: z.string().trim().min(1, { error: "Enter the team access code." }).max(200) });

export const STAFF_SIGN_IN_DISABLED = "Team sign-in is not enabled on this server. An administrator can turn it on by setting STAFF_ACCESS_CODE.";

export type StaffCookie = { name: string; value: string; options: { httpOnly: true; sameSite: "lax"; secure: boolean; path: "/"; maxAge: number } };

/**
 * Checks a team access code. Every attempt — right or wrong — spends from the "auth" rate limit first,
 * so guessing is limited before the comparison runs. Returns the session cookie to set.
 */
export function signInStaff(request: Request, body: unknown, now = Date.now()): StaffCookie {
  rateLimit(request, "auth", now);
  const { code } = signInSchema.parse(body);
  const config = getConfig();
  if (config.staffAccessCode === null) throw new AppError("forbidden", STAFF_SIGN_IN_DISABLED);
  if (!safeEqualText(code, config.staffAccessCode)) {
    log("warn", "staff_sign_in_refused");
    throw new AppError("unauthorized", "That access code is not right.", { fields: { code: "That access code is not right." } });
  }
  const secret = getSessionSecret();
  const session = issueStaffSession({ secret, code: config.staffAccessCode, now, ttlMs: config.staffSessionTtlMs });
  return staffCookie(request, session.value, Math.floor(config.staffSessionTtlMs / 1000));
}

export function staffCookie(request: Request, value: string, maxAge: number): StaffCookie {
  const secure = new URL(request.url).protocol === "https:";
  return { name: STAFF_COOKIE, value, options: { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge } };
}
