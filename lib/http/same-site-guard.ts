import "server-only";
import { AppError } from "@/lib/errors";
import { isCrossSiteMutation } from "@/lib/security/origin";

export const CROSS_SITE_MESSAGE = "Requests from other sites are not allowed.";

/** Refuses a state-changing request sent by another site; `route()` applies it to every API route. */
export function assertSameSite(request: Request): void {
  if (isCrossSiteMutation({ method: request.method, headers: request.headers, nextUrl: new URL(request.url) })) {
    throw new AppError("forbidden", CROSS_SITE_MESSAGE);
  }
}
