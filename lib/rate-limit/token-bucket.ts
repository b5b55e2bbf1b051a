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
