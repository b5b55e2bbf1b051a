import "server-only";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { clientIpFrom, rateLimitKey } from "./client-ip";
import type { RateLimitGroup, RateLimitPolicy } from "./policy";
import { TokenBucketLimiter } from "./token-bucket";

const store = globalThis as typeof globalThis & { __headshotLimiters?: Map<RateLimitGroup, TokenBucketLimiter> };

function limiterFor(group: RateLimitGroup, policy: RateLimitPolicy): TokenBucketLimiter {
  store.__headshotLimiters ??= new Map();
  let limiter = store.__headshotLimiters.get(group);
  if (!limiter) {
    const rule = policy[group];
    limiter = new TokenBucketLimiter({ capacity: rule.limit, refillPerMs: rule.limit / (rule.windowSeconds * 1000) });
    store.__headshotLimiters.set(group, limiter);
  }
  return limiter;
}

/** The caller's address when it can be trusted (see client-ip.ts), else null. */
export function clientIp(request: Request): string | null {
  return clientIpFrom(request.headers, getConfig().trustProxy);
}

/**
 * Spends one request from the caller's bucket for this route group; throws a 429 AppError with
 * Retry-After when it is empty. Separate from generation quotas: this protects the server, not the budget.
 */
export function rateLimit(request: Request, group: RateLimitGroup, now = Date.now()): void {
  const config = getConfig();
  const result = limiterFor(group, config.rateLimits).take(rateLimitKey(clientIpFrom(request.headers, config.trustProxy)), now);
  if (result.ok) return;
  const s = result.retryAfterSeconds;
  throw new AppError("rate_limited", `Too many requests. Please wait ${s} second${s === 1 ? "" : "s"} and try again.`, {
    retryAfterSeconds: s,
    detail: `rate limit ${group}`,
  });
}

/** Tests only: start every bucket afresh. */
export function resetRateLimitsForTests(): void {
  store.__headshotLimiters = undefined;
}
