import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { readCookie } from "./owner";
import { getAudience } from "./staff";
import type { Db } from "@/lib/db/client";
import { getPersonInShoot } from "@/lib/db/queries/shoots";
import type { ShootPersonRow } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { getSessionSecret, sign, unsign } from "./signing";
import type { ShootViewer } from "@/lib/teams/shoots";

// Who is asking inside a team shoot: staff (the signed-in team, who see every shoot), or a colleague who
// joined through the invite link and carries a signed `hs_person_<shootId>` cookie that shows them their own
// results and nobody else's.

export const PERSON_COOKIE_PREFIX = "hs_person_";
const ONE_YEAR_S = 60 * 60 * 24 * 365;
const PERSON_ID = /^p_[A-Za-z0-9_-]{16}$/;

export const personCookieName = (shootId: string) => `${PERSON_COOKIE_PREFIX}${shootId}`;

export type PersonCookie = {
  name: string;
  value: string;
  options: { httpOnly: true; sameSite: "lax"; secure: boolean; path: "/"; maxAge: number };
};

const secureFor = (request: Request) => new URL(request.url).protocol === "https:";

/** The cookie that proves this browser is `personId` of `shootId`. The shoot is signed in too, so it cannot be moved. */
export function personCookie(request: Request, shootId: string, personId: string): PersonCookie {
  return {
    name: personCookieName(shootId),
    value: sign(`${shootId}:${personId}`, getSessionSecret()),
    options: { httpOnly: true, sameSite: "lax", secure: secureFor(request), path: "/", maxAge: ONE_YEAR_S },
  };
}

/** Expires the person cookie (after "Delete my photos"). */
export function clearedPersonCookie(request: Request, shootId: string): PersonCookie {
  return { name: personCookieName(shootId), value: "", options: { httpOnly: true, sameSite: "lax", secure: secureFor(request), path: "/", maxAge: 0 } };
}

/** The person id this request's cookie proves for `shootId`, or null when missing, forged or for another shoot. */
export function personFromRequest(request: Request, shootId: string): string | null {
  const payload = unsign(readCookie(request, personCookieName(shootId)), getSessionSecret());
  if (!payload) return null;
  const sep = payload.lastIndexOf(":");
  const personId = payload.slice(sep + 1);
  return sep > 0 && payload.slice(0, sep) === shootId && PERSON_ID.test(personId) ? personId : null;
}

export function isStaff(request: Request): boolean {
  return getAudience(request) === "staff";
}

/** Shoots are the staff's: anyone else gets a 401 that says how to get in. */
export function requireStaff(request: Request): void {
  if (!isStaff(request)) throw new AppError("unauthorized", "Sign in with the team access code to manage shoots.");
}

/** The person this browser joined `shootId` as; 401 without a (valid) cookie or once the person was removed. */
export async function requireJoinedPerson(request: Request, shootId: string, db: Db): Promise<ShootPersonRow> {
  const personId = personFromRequest(request, shootId);
  const person = personId ? await getPersonInShoot(db, shootId, personId) : undefined;
  if (!person) throw new AppError("unauthorized", "Join the shoot first: add your photo through the invite link.");
  return person;
}

/** For the file route: staff see every shoot's files, a colleague the files of the person their cookie names. */
export function shootViewer(request: Request): ShootViewer {
  return { staff: isStaff(request), personIn: (shootId) => personFromRequest(request, shootId) };
}

// ---- The same answers for server components (/team, /join): the same checks on the same Cookie header ----

async function cookieRequest(): Promise<Request> {
  const cookie = (await headers()).get("cookie") ?? "";
  return new Request("http://localhost/", { headers: { cookie } });
}

export async function isStaffPage(): Promise<boolean> {
  return isStaff(await cookieRequest());
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
