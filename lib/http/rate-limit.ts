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

  /** Gives back one token taken by `take` (e.g. a sign-in that turned out right); never past the capacity. */
  refund(key: string): void {
    const bucket = this.buckets.get(key);
    if (bucket) bucket.tokens = Math.min(this.options.capacity, bucket.tokens + 1);
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
  spendFor(group, rateLimitKey(clientIpFrom(request.headers, config.trustProxy)), now);
}

/** Spends one from `group` for `key`, or throws the 429. */
export function spendFor(group: RateLimitGroup, key: string, now = Date.now()): void {
  const result = limiterFor(group, getConfig().rateLimits).take(key, now);
  if (result.ok) return;
  const s = result.retryAfterSeconds;
  throw new AppError("rate_limited", `Too many requests. Please wait ${s} second${s === 1 ? "" : "s"} and try again.`, {
    retryAfterSeconds: s,
    detail: `rate limit ${group}`,
  });
}

/** Gives back what `spendFor` took (the attempt should not count after all). */
export function refundFor(group: RateLimitGroup, key: string): void {
  limiterFor(group, getConfig().rateLimits).refund(key);
}

export type FailureDelayOptions = {
  /** The delay after the first failure; each further failure doubles it. */
  baseMs: number;
  maxMs: number;
  /** A key with no failure for this long starts again from zero. */
  forgetAfterMs: number;
  maxKeys?: number;
};

/**
 * Slows down repeated failures without ever locking anyone out: the n-th failure in a row for a key (within
 * `forgetAfterMs` of the previous one) is answered after baseMs × 2^(n-1), at most maxMs. Used for staff
 * sign-in, where a lock-out shared by every visitor would let one guesser keep the whole team out.
 */
export class FailureDelay {
  private readonly failures = new Map<string, { count: number; lastAt: number }>();

  constructor(private readonly options: FailureDelayOptions) {}

  /** Records a failure for `key` and returns how long to wait before answering it. */
  recordFailure(key: string, now: number): number {
    const previous = this.failures.get(key);
    const count = previous && now - previous.lastAt < this.options.forgetAfterMs ? previous.count + 1 : 1;
    this.failures.delete(key);
    this.failures.set(key, { count, lastAt: now });
    if (this.failures.size > (this.options.maxKeys ?? 10_000)) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
    return Math.min(this.options.maxMs, this.options.baseMs * 2 ** Math.min(30, count - 1));
  }
}

/** Staff sign-in failures: 250 ms after the first wrong code, doubling up to 10 s, forgotten after 15 quiet minutes. */
export const SIGN_IN_FAILURE_DELAY: FailureDelayOptions = { baseMs: 250, maxMs: 10_000, forgetAfterMs: 15 * 60_000 };

const delays = globalThis as typeof globalThis & { __headshotFailureDelay?: FailureDelay };

/** The process-wide sign-in failure delay. */
export function signInFailureDelay(): FailureDelay {
  delays.__headshotFailureDelay ??= new FailureDelay(SIGN_IN_FAILURE_DELAY);
  return delays.__headshotFailureDelay;
}

/** Tests only: start every bucket afresh. */
export function resetRateLimitsForTests(): void {
  store.__headshotLimiters = undefined;
  delays.__headshotFailureDelay = undefined;
}
