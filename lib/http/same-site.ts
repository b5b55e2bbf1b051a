import "server-only";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";

export const CROSS_SITE_MESSAGE = "Requests from other sites are not allowed.";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

type RequestLike = { method: string; headers: Headers; nextUrl: URL };

/**
 * The host this request was addressed to. X-Forwarded-Host is written by whoever sends the request, so it is
 * believed only behind our own proxy (TRUST_PROXY=true), and then its last entry, the one that proxy set.
 */
export function requestHost(headers: Headers, trustProxy: boolean): string | null {
  const forwarded = trustProxy ? headers.get("x-forwarded-host")?.split(",").at(-1)?.trim() : undefined;
  return forwarded || headers.get("host");
}

/**
 * A state-changing request sent by another site. Webhooks are server-to-server and carry their own
 * per-job secret, so they are exempt.
 */
export function isCrossSiteMutation(request: RequestLike, trustProxy = false): boolean {
  if (SAFE.has(request.method.toUpperCase())) return false;
  if (request.nextUrl.pathname.startsWith("/api/webhooks/")) return false;
  if (request.headers.get("sec-fetch-site") === "cross-site") return true;
  const origin = request.headers.get("origin");
  if (!origin) return false;
  if (origin === "null") return true;
  const host = requestHost(request.headers, trustProxy);
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/** Refuses a state-changing request sent by another site; `route()` applies it to every API route. */
export function assertSameSite(request: Request): void {
  // nextUrl is parsed only when needed: safe methods (every status poll) never look at it.
  const candidate = {
    method: request.method,
    headers: request.headers,
    get nextUrl() {
      return new URL(request.url);
    },
  };
  if (isCrossSiteMutation(candidate, getConfig().trustProxy)) {
    throw new AppError("forbidden", CROSS_SITE_MESSAGE);
  }
}
