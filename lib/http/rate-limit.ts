import "server-only";
import { isIP } from "node:net";
import { Pool } from "pg";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { getConfig } from "@/lib/config";
import type { AppConfig } from "@/lib/config-schema";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { RATE_LIMIT_GROUPS, type RateLimitGroup, type RateLimitPolicy } from "./rate-limit-policy";

// Per-client rate limits per (route group, client address), counted by rate-limiter-flexible: in this process's
// memory in embedded mode, in Postgres in shared mode (DATABASE_URL), so that every instance behind a load
// balancer enforces one limit together. The policy (groups, defaults, the RATE_LIMITS override) stays in
// rate-limit-policy.ts: config-schema reads it while building the config and this module reads the config, so
// one file would be an import cycle. Also here: the sign-in failure delay (FailureDelay).
//
// Fixed windows, chosen deliberately. The hand-written token bucket this replaces refilled smoothly (one request
// back every window/limit seconds). rate-limiter-flexible counts `points` per `duration`: a client's window
// starts with its first request, allows `limit` requests, and resets `windowSeconds` later. Compared with the
// bucket: a refused client waits for the end of its window (up to windowSeconds, not window/limit), and across a
// window boundary a client can make up to 2 × limit requests in a short time. We keep blockDuration 0 (a refused
// client is never held past its window, and refused attempts do not push the window back) and no execEvenly
// (that would park requests on timers inside the server). A fixed window is one atomic upsert per request in
// Postgres; a sliding log or a bucket would need a read-modify-write per request or a custom SQL function.

export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

/** The limiter the routes use, whatever holds the counts. rate-limit.contract.ts holds every store to it. */
export interface RequestLimiter {
  /** Spends one request from `key`'s allowance in `group`. Never throws for a store outage (see insurance). */
  take(group: RateLimitGroup, key: string): Promise<TakeResult>;
  /** Gives back one request taken by `take` (e.g. a sign-in that turned out right); never past the limit. */
  refund(group: RateLimitGroup, key: string): Promise<void>;
  /** Stops timers and, in shared mode, closes the limiter's Postgres connections. */
  close(): Promise<void>;
}

/** Where the counts live. `postgres`: the URL of the shared database; the limiter opens its own small pool. */
export type LimiterStore =
  | { kind: "memory"; maxKeys?: number }
  | {
      kind: "postgres";
      url: string;
      /** Statement timeout for the limiter's queries; past it the insurance limiter answers. Default 1000 ms. */
      queryTimeoutMs?: number;
      /** How often a failed table creation is tried again in the background. Default 5000 ms. */
      retryTableMs?: number;
    };

/** The one table every group shares (the key column carries the group as its prefix). */
export const RATE_LIMIT_TABLE = "rate_limits";
const DEFAULT_MAX_KEYS = 10_000;

/**
 * rate-limiter-flexible's memory store with a cap on remembered keys, so memory stays bounded whatever the
 * traffic (a flood of distinct addresses, e.g. from one IPv6 block). Each key's record lives until its window
 * ends; past `maxKeys` the keys whose windows started first are forgotten (those clients start afresh, as with
 * the old bucket's eviction). Only the public API is used: the order comes from `isFirstInDuration`.
 */
export class BoundedMemoryLimiter extends RateLimiterMemory {
  /** key → when its window ends, in the order the windows started. */
  private readonly windows = new Map<string, number>();
  private readonly maxKeys: number;

  constructor(options: { keyPrefix: string; points: number; duration: number; maxKeys?: number }) {
    const { maxKeys, ...rest } = options;
    super({ ...rest, blockDuration: 0 });
    this.maxKeys = maxKeys ?? DEFAULT_MAX_KEYS;
  }

  override async consume(key: string | number, points = 1, options: Record<string, unknown> = {}): Promise<RateLimiterRes> {
    try {
      const res = await super.consume(key, points, options);
      this.track(String(key), res);
      return res;
    } catch (refused) {
      if (refused instanceof RateLimiterRes) this.track(String(key), refused);
      throw refused;
    }
  }

  /** Keys this limiter remembers (tests and the bound). */
  get size(): number {
    return this.windows.size;
  }

  private track(key: string, res: RateLimiterRes): void {
    if (!res.isFirstInDuration) return;
    const now = Date.now();
    this.windows.delete(key);
    this.windows.set(key, now + res.msBeforeNext);
    if (this.windows.size <= this.maxKeys) return;
    // Windows that have ended are already gone from the store; then the oldest tenth, as many as needed.
    for (const [k, endsAt] of this.windows) if (endsAt <= now) this.windows.delete(k);
    const target = Math.floor(this.maxKeys * 0.9);
    for (const k of this.windows.keys()) {
      if (this.windows.size <= target) break;
      this.windows.delete(k);
      void this.delete(k);
    }
  }
}

const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

class FlexibleRequestLimiter implements RequestLimiter {
  constructor(
    private readonly limiters: Record<RateLimitGroup, RateLimiterAbstract>,
    private readonly onClose: () => Promise<void> = async () => undefined,
  ) {}

  async take(group: RateLimitGroup, key: string): Promise<TakeResult> {
    try {
      const res = await this.limiters[group].consume(key);
      return { ok: true, remaining: res.remainingPoints };
    } catch (refused) {
      // A RateLimiterRes is a refusal; anything else is a store error the insurance limiter could not absorb.
      if (refused instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: retryAfter(refused) };
      throw refused;
    }
  }

  async refund(group: RateLimitGroup, key: string): Promise<void> {
    const limiter = this.limiters[group];
    const res = await limiter.reward(key);
    // A reward on a key whose window had just ended starts a new window at -1, one request over the limit:
    // forget the key instead (a fresh window is what the client has anyway).
    if (res.consumedPoints < 0) await limiter.delete(key);
  }

  close(): Promise<void> {
    return this.onClose();
  }
}

/** One limiter per route group, made by `make` from the group's rule. */
function perGroup(policy: RateLimitPolicy, make: (group: RateLimitGroup, points: number, duration: number, index: number) => RateLimiterAbstract) {
  const limiters = {} as Record<RateLimitGroup, RateLimiterAbstract>;
  RATE_LIMIT_GROUPS.forEach((group, index) => {
    limiters[group] = make(group, policy[group].limit, policy[group].windowSeconds, index);
  });
  return limiters;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 300);
const pgCode = (error: unknown) => (typeof error === "object" && error !== null && "code" in error ? String(error.code) : "");

/**
 * Creates the shared table through rate-limiter-flexible (its own CREATE TABLE IF NOT EXISTS), safe when several
 * instances start at once: Postgres does not serialise concurrent CREATE TABLE IF NOT EXISTS, and the loser sees
 * a duplicate — 23505 (pg_type's unique index), 42P07 (relation exists) or 42710 (type exists), all three seen in
 * rate-limit.test.ts; rate-limiter-flexible forgives only 23505. The table exists by then (or is about to), so
 * trying again is a no-op that succeeds.
 */
async function createTable(pool: Pool): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await new Promise<void>((resolve, reject) => {
        new RateLimiterPostgres(
          { storeClient: pool, storeType: "pool", tableName: RATE_LIMIT_TABLE, points: 1, duration: 1, clearExpiredByTimeout: false },
          (error) => (error ? reject(error) : resolve()),
        );
      });
      return;
    } catch (error) {
      if (attempt >= 5 || !["23505", "42P07", "42710"].includes(pgCode(error))) throw error;
    }
  }
}

/**
 * The shared store: one RateLimiterPostgres per group on one table, each insured by a bounded memory limiter.
 * When Postgres errors or is slow past the statement timeout (a restart, a failover, a full pool), the insurance
 * answers instead: the limit is then counted per instance (up to N × limit across N instances) until Postgres
 * answers again — never a 500, never an open door. A client refused in a window is also refused from memory for
 * the rest of it (inMemoryBlockOnConsumed), so a client hammering while refused costs no queries.
 */
async function postgresLimiter(policy: RateLimitPolicy, store: Extract<LimiterStore, { kind: "postgres" }>): Promise<RequestLimiter> {
  const timeoutMs = store.queryTimeoutMs ?? 1000;
  // Its own small pool, with timeouts far shorter than any app query would want: a limiter that waits is worse
  // than one that falls back to memory for a moment.
  const pool = new Pool({
    connectionString: store.url,
    max: 10,
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
    query_timeout: timeoutMs * 2,
    idleTimeoutMillis: 30_000,
    application_name: "headshot-rate-limits",
    // A count lost in a database crash costs nothing (a client gets a few requests more); waiting for the WAL
    // flush on every request would cost each request a disk sync on the server.
    options: "-c synchronous_commit=off",
  });
  // Without a listener, a connection the server drops while idle would crash the process.
  pool.on("error", (error) => log("warn", "rate_limit_pool_error", { error: errorText(error) }));

  let lastWarnAt = 0;
  // The store client rate-limiter-flexible queries: the pool, with errors logged (at most once a minute) so an
  // outage the insurance hides still shows in the logs.
  const observed = {
    query: (q: { text: string; values?: unknown[]; name?: string }) =>
      pool.query(q).catch((error: unknown) => {
        if (Date.now() - lastWarnAt > 60_000) {
          lastWarnAt = Date.now();
          log("warn", "rate_limit_store_unavailable", { error: errorText(error), fallback: "per-instance memory limits" });
        }
        throw error;
      }),
  };

  let retryTimer: NodeJS.Timeout | undefined;
  let closed = false;
  const ensureTable = async (): Promise<void> => {
    try {
      await createTable(pool);
    } catch (error) {
      // Until it exists every query fails and the insurance answers; keep trying in the background.
      log("warn", "rate_limit_table_not_ready", { error: errorText(error), code: pgCode(error), retryInMs: store.retryTableMs ?? 5000 });
      if (!closed) retryTimer = setTimeout(() => void ensureTable(), store.retryTableMs ?? 5000).unref();
    }
  };
  await ensureTable();

  const limiters = perGroup(
    policy,
    (group, points, duration, index) =>
      new RateLimiterPostgres({
      storeClient: observed,
      storeType: "pool",
      tableName: RATE_LIMIT_TABLE,
        tableCreated: true,
        // One group's limiter deletes rows expired over an hour ago every 5 minutes, for the whole table.
        clearExpiredByTimeout: index === 0,
        keyPrefix: group,
        points,
        duration,
        blockDuration: 0,
        inMemoryBlockOnConsumed: points + 1,
        insuranceLimiter: new BoundedMemoryLimiter({ keyPrefix: group, points, duration }),
      }),
  );
  return new FlexibleRequestLimiter(limiters, async () => {
    if (closed) return;
    closed = true;
    clearTimeout(retryTimer);
    await pool.end();
  });
}

/** A limiter for `policy` over `store`. Resolves even when Postgres is down (the insurance answers meanwhile). */
export async function createRequestLimiter(policy: RateLimitPolicy, store: LimiterStore): Promise<RequestLimiter> {
  if (store.kind === "memory") {
    const { maxKeys } = store;
    return new FlexibleRequestLimiter(perGroup(policy, (keyPrefix, points, duration) => new BoundedMemoryLimiter({ keyPrefix, points, duration, maxKeys })));
  }
  return postgresLimiter(policy, store);
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
 * each route group's allowance. That is strict rather than lenient — a limiter keyed on anything the
 * client controls (a forged header, a fresh owner cookie) would not limit at all.
 */
export const rateLimitKey = (ip: string | null) => ip ?? "local";

const store = globalThis as typeof globalThis & { __headshotLimiter?: Promise<RequestLimiter> };

function storeFor(config: AppConfig): LimiterStore {
  return config.databaseUrl === null ? { kind: "memory" } : { kind: "postgres", url: config.databaseUrl };
}

/**
 * The process-wide limiter, made on first use from the config: memory, or Postgres when DATABASE_URL is set.
 * instrumentation-node.ts calls it at start-up so the shared table is created before the first request.
 */
export function requestLimiter(): Promise<RequestLimiter> {
  if (!store.__headshotLimiter) {
    const config = getConfig();
    store.__headshotLimiter = createRequestLimiter(config.rateLimits, storeFor(config));
  }
  return store.__headshotLimiter;
}

/** The caller's address when it can be trusted (see clientIpFrom), else null. */
export function clientIp(request: Request): string | null {
  return clientIpFrom(request.headers, getConfig().trustProxy);
}

/**
 * Spends one request from the caller's allowance for this route group; throws a 429 AppError with
 * Retry-After when it is used up. Separate from generation quotas: this protects the server, not the budget.
 */
export async function rateLimit(request: Request, group: RateLimitGroup): Promise<void> {
  await spendFor(group, rateLimitKey(clientIp(request)));
}

function waitText(seconds: number): string {
  if (seconds < 120) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

/** Spends one from `group` for `key`, or throws the 429. */
export async function spendFor(group: RateLimitGroup, key: string): Promise<void> {
  const result = await (await requestLimiter()).take(group, key);
  if (result.ok) return;
  const s = result.retryAfterSeconds;
  throw new AppError("rate_limited", `Too many requests. Please wait ${waitText(s)} and try again.`, {
    retryAfterSeconds: s,
    detail: `rate limit ${group}`,
  });
}

/** Gives back what `spendFor` took (the attempt should not count after all). */
export async function refundFor(group: RateLimitGroup, key: string): Promise<void> {
  await (await requestLimiter()).refund(group, key);
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
 * sign-in, where a lock-out shared by every visitor would let one guesser keep the whole team out. Counted per
 * instance even in shared mode: it is a speed bump on answers, not a limit (the shared "auth" limit is the limit).
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

/** Tests only: start every count afresh (the next call reads the config again). */
export function resetRateLimitsForTests(): void {
  const previous = store.__headshotLimiter;
  store.__headshotLimiter = undefined;
  delays.__headshotFailureDelay = undefined;
  void previous?.then((limiter) => limiter.close()).catch(() => undefined);
}
