import { NextResponse, type NextRequest } from "next/server";
import { newOwnerId, OWNER_COOKIE, ownerCookie, ownerFromCookie } from "@/lib/session/owner";

/**
 * Runs before pages only: gives each browser a signed owner cookie on its first visit. API routes skip it
 * (every API call follows a page load): the proxy costs CPU on the hottest route (status polls) and Next
 * buffers, and past 10 MB truncates, the body of every request it sees. API routes make the cross-site
 * check themselves, in `route()` (lib/http/route.ts).
 */
export function proxy(request: NextRequest) {
  if (ownerFromCookie(request.cookies.get(OWNER_COOKIE)?.value)) return NextResponse.next();
  const cookie = ownerCookie(newOwnerId(), request.nextUrl.protocol === "https:");
  request.cookies.set(cookie.name, cookie.value);
  const response = NextResponse.next({ request: { headers: request.headers } });
  response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
