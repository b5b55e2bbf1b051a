import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getAudience } from "@/lib/session/staff";
import { personFromRequest } from "./person-cookie";

// Who is asking, for the /team and /join server components. They get the same answer as the route handlers
// by handing the same Cookie header to the same checks (lib/session/staff.ts, ./person-cookie.ts).

async function cookieRequest(): Promise<Request> {
  const cookie = (await headers()).get("cookie") ?? "";
  return new Request("http://localhost/", { headers: { cookie } });
}

export async function isStaffPage(): Promise<boolean> {
  return getAudience(await cookieRequest()) === "staff";
}

/** Staff pages: anyone else goes to the sign-in page, which sends them back to `path` afterwards. */
export async function requireStaffPage(path: string): Promise<void> {
  if (!(await isStaffPage())) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
}

/** The person this browser joined `shootId` as (their signed cookie), or null. */
export async function joinedPersonId(shootId: string): Promise<string | null> {
  return personFromRequest(await cookieRequest(), shootId);
}

/** A `next` that is a path on this site ("/team/s_1"), never another origin ("//evil", "https://…", "/\\evil"). */
export function safeNextPath(next: unknown): string | null {
  if (typeof next !== "string" || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  return next.length <= 500 && !/[\u0000-\u001F\u007F]/.test(next) ? next : null;
}
