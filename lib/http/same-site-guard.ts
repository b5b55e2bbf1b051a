import "server-only";
import { AppError } from "@/lib/errors";
import { isCrossSiteMutation } from "@/lib/security/origin";

export const CROSS_SITE_MESSAGE = "Requests from other sites are not allowed.";

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
  if (isCrossSiteMutation(candidate)) {
    throw new AppError("forbidden", CROSS_SITE_MESSAGE);
  }
}
