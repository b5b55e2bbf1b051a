import { NextResponse, type NextRequest } from "next/server";
import { newOwnerId, OWNER_COOKIE, ownerCookie, ownerFromCookie } from "@/lib/session/owner";

/**
 * Runs before pages only: gives each browser a signed owner cookie on its first visit. API routes skip it
 * (every API call follows a page load): the proxy costs CPU on the hottest route (status polls) and Next
 * buffers, and past 10 MB truncates, the body of every request it sees. API routes make the cross-site
 * check themselves, in `route()` (lib/http/route.ts).
 *
 * TRACE, TRACK and absolute-form request lines never get here: the fetch standard forbids TRACE/TRACK, so Next
 * cannot build the NextRequest this function receives (it threw before any app code ran). They are refused
 * one step earlier, on the HTTP server itself (lib/http/edge.ts, installed by instrumentation.ts).
 */
export function proxy(request: NextRequest) {
  if (ownerFromCookie(request.cookies.get(OWNER_COOKIE)?.value)) return NextResponse.next();
  const cookie = ownerCookie(newOwnerId(), request.nextUrl.protocol === "https:");
  request.cookies.set(cookie.name, cookie.value);
  const response = NextResponse.next({ request: { headers: request.headers } });
  response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
}

// Pages only. Left out: the API (see above), Next's own assets, and every file with an extension — public/
// (robots.txt, the face check's model and WebAssembly under face-check/) and app/icon.svg. No page path has a
// dot in its last segment (ids are [A-Za-z0-9_-]), and a static file needs no owner cookie: proxying them only
// spent CPU and set a cookie on robots.txt. Tested in proxy.test.ts (the matcher) and e2e/smoke.spec.ts.
export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|[^?]*\\.[A-Za-z0-9]+$).*)"],
};
