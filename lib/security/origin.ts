const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

type RequestLike = { method: string; headers: Headers; nextUrl: URL };

/**
 * A state-changing request sent by another site. Webhooks are server-to-server and carry their own
 * per-job secret, so they are exempt.
 */
export function isCrossSiteMutation(request: RequestLike): boolean {
  if (SAFE.has(request.method.toUpperCase())) return false;
  if (request.nextUrl.pathname.startsWith("/api/webhooks/")) return false;
  if (request.headers.get("sec-fetch-site") === "cross-site") return true;
  const origin = request.headers.get("origin");
  if (!origin) return false;
  if (origin === "null") return true;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}
