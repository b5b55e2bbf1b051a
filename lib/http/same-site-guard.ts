import "server-only";
import { AppError } from "@/lib/errors";
import { isCrossSiteMutation } from "@/lib/security/origin";

export const CROSS_SITE_MESSAGE = "Requests from other sites are not allowed.";

/** The proxy's cross-site refusal, for a route the proxy does not run on (see proxy.ts matcher). */
export function assertSameSite(request: Request): void {
  if (isCrossSiteMutation({ method: request.method, headers: request.headers, nextUrl: new URL(request.url) })) {
    throw new AppError("forbidden", CROSS_SITE_MESSAGE);
  }
}
