import "server-only";
import { AppError } from "@/lib/errors";
import { requestOwner } from "@/lib/owner";

/** The owner of this request. proxy.ts issues the cookie, so a request without one owns nothing. */
export function ownerOrThrow(request: Request, notFound = false): string {
  const owner = requestOwner(request);
  if (owner) return owner;
  if (notFound) throw new AppError("not_found", "Not found.");
  throw new AppError("unauthorized", "Your session cookie is missing. Reload the page and try again.");
}
