import { NextResponse, type NextRequest } from "next/server";
import { newOwnerId, OWNER_COOKIE, ownerCookie, ownerFromCookie } from "@/lib/owner";
import { isCrossSiteMutation } from "@/lib/security/origin";

/**
 * Runs before every page and API route: refuses cross-site writes (the owner cookie alone must not let
 * another site start paid jobs) and gives each browser a signed owner cookie.
 */
export function proxy(request: NextRequest) {
  if (isCrossSiteMutation(request)) {
    return NextResponse.json(
      { error: { code: "forbidden", message: "Requests from other sites are not allowed.", requestId: "proxy" } },
      { status: 403 },
    );
  }
  if (request.nextUrl.pathname.startsWith("/api/webhooks/") || request.nextUrl.pathname.startsWith("/api/public/")) {
    return NextResponse.next();
  }
  if (ownerFromCookie(request.cookies.get(OWNER_COOKIE)?.value)) return NextResponse.next();

  const cookie = ownerCookie(newOwnerId(), request.nextUrl.protocol === "https:");
  request.cookies.set(cookie.name, cookie.value);
  const response = NextResponse.next({ request: { headers: request.headers } });
  response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
}

export const config = {
  // Not /api/faces: Next buffers (and past 10 MB truncates) the body of every request the proxy sees, so
  // uploads bypass it; that route makes the same cross-site check itself.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|api/faces$).*)"],
};
