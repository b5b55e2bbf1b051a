import "server-only";
import { isIP } from "node:net";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import type { RateLimitGroup, RateLimitPolicy } from "./rate-limit-policy";

// Per-client rate limits: an in-memory token bucket per (route group, client address). The policy (groups,
// defaults, the RATE_LIMITS override) stays in rate-limit-policy.ts: config-schema reads it while building
// the config and this module reads the config, so one file would be an import cycle.

export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

type Bucket = { tokens: number; updatedAt: number };

export type TokenBucketOptions = {
  /** Burst size: how many requests a fresh key may make at once. */
  capacity: number;
  /** Tokens added per millisecond. */
  refillPerMs: number;
  /** Upper bound on remembered keys; memory stays bounded whatever the traffic. */
  maxKeys?: number;
};

/**
 * An in-memory token bucket per key. Nothing here can fail or go down (no I/O, no dependency), so a
 * limit is always enforced. A key whose bucket has refilled completely is indistinguishable from an
 * unknown key, so it is forgotten first when the map is full.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxKeys: number;

  constructor(private readonly options: TokenBucketOptions) {
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  take(key: string, now: number): TakeResult {
    const bucket = this.refilled(key, now);
    // Re-inserting keeps the map in least-recently-used order for eviction.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.evict(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true, remaining: Math.floor(bucket.tokens) };
    }
    const waitMs = (1 - bucket.tokens) / this.options.refillPerMs;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string, now: number): Bucket {
    const { capacity, refillPerMs } = this.options;
    const bucket = this.buckets.get(key);
    if (!bucket) return { tokens: capacity, updatedAt: now };
    const elapsed = Math.max(0, now - bucket.updatedAt);
    return { tokens: Math.min(capacity, bucket.tokens + elapsed * refillPerMs), updatedAt: Math.max(now, bucket.updatedAt) };
  }

  private evict(now: number): void {
    const fullAfterMs = this.options.capacity / this.options.refillPerMs;
    for (const [key, b] of this.buckets) {
      if (now - b.updatedAt >= fullAfterMs) this.buckets.delete(key);
    }
    // Still over: drop the least recently used tenth (a flood of distinct keys, e.g. spoofed addresses).
    const target = Math.floor(this.maxKeys * 0.9);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= target) break;
      this.buckets.delete(key);
    }
  }
}

/**
 * The client's address, or null when it cannot be known.
 *
 * Route handlers never see the socket. `next start` copies the socket address into X-Forwarded-For
 * only when the request did not already carry that header, so without a proxy in front a client can
 * write any address it likes there: the header is trusted only with TRUST_PROXY=true. Even then we
 * take the LAST entry, the one our own proxy appended; earlier entries come from the client.
 */
export function clientIpFrom(headers: Headers, trustProxy: boolean): string | null {
  if (!trustProxy) return null;
  const last = headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() ?? "";
  const bare = last.replace(/^\[(.*)\]$/, "$1").replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1");
  return isIP(bare) ? bare : null;
}

/**
 * The rate-limit key for a client. Unknown addresses share one key, "local": every visitor then shares
 * each route group's bucket. That is strict rather than lenient — a limiter keyed on anything the
 * client controls (a forged header, a fresh owner cookie) would not limit at all.
 */
export const rateLimitKey = (ip: string | null) => ip ?? "local";

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

/** The caller's address when it can be trusted (see clientIpFrom), else null. */
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
