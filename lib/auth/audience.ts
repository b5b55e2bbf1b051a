import "server-only";
import { getConfig } from "@/lib/config";
import type { Audience } from "@/lib/generations/quota-policy";
import { getSessionSecret } from "@/lib/security/secret";
import { readCookie } from "./cookies";
import { isValidStaffSession, STAFF_COOKIE } from "./staff-session";

/** "staff" for a request with a valid staff session while staff sign-in is enabled; everyone else is "demo". */
export function getAudience(request: Request, now = Date.now()): Audience {
  const code = getConfig().staffAccessCode;
  if (code === null) return "demo";
  const value = readCookie(request, STAFF_COOKIE);
  return isValidStaffSession(value, { secret: getSessionSecret(), code, now }) ? "staff" : "demo";
}
