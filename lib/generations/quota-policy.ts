import type { QuotasOverride } from "@/lib/config-schema";
import type { QuotaSubjectKind } from "@/lib/db/schema";

// What the allowances are and how they read: plain values with no zod and no database, so the browser's
// allowance text (components/auth/quota-text.ts) can use the same wording helpers as the server. Spending
// and counting them is quotas.ts (server only); the QUOTAS setting's shape is parsed in lib/config-schema.ts.

export const AUDIENCES = ["demo", "staff"] as const;
export type Audience = (typeof AUDIENCES)[number];
/**
 * Who a generation is for, as the quota sees it: a browser's audience, or a member of a team shoot, who
 * spends only from the global budget (and the shoot's own cap), never from a per-browser allowance.
 */
export type QuotaAudience = Audience | "shoot";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** One audience's allowance per rolling window. `perIp: null` means no per-address limit. */
export type AudienceQuota = { perOwner: number; perIp: number | null; windowMs: number };

export type QuotaPolicy = {
  audiences: Record<Audience, AudienceQuota>;
  /** Spent by every audience together: the ceiling on what the server's key can cost per window. */
  global: { limit: number; windowMs: number };
};

export const DEFAULT_QUOTA_POLICY: QuotaPolicy = {
  audiences: {
    demo: { perOwner: 5, perIp: 5, windowMs: 24 * HOUR_MS },
    staff: { perOwner: 200, perIp: null, windowMs: 24 * HOUR_MS },
  },
  global: { limit: 500, windowMs: 24 * HOUR_MS },
};

/** The default policy with the QUOTAS and GLOBAL_DAILY_BUDGET settings applied. */
export function buildQuotaPolicy(override: QuotasOverride | undefined, globalDailyBudget: number): QuotaPolicy {
  const merge = (audience: Audience): AudienceQuota => {
    const base = DEFAULT_QUOTA_POLICY.audiences[audience];
    const o = override?.[audience] ?? {};
    return {
      perOwner: o.perOwner ?? base.perOwner,
      perIp: o.perIp === undefined ? base.perIp : o.perIp,
      windowMs: o.windowHours === undefined ? base.windowMs : Math.round(o.windowHours * HOUR_MS),
    };
  };
  return {
    audiences: { demo: merge("demo"), staff: merge("staff") },
    global: { limit: globalDailyBudget, windowMs: DEFAULT_QUOTA_POLICY.global.windowMs },
  };
}

/** What the browser gets from GET /api/quota. `renewsAt` is when the next generation comes back (ISO), if any is spent. */
export type QuotaStatusDto = {
  audience: Audience;
  limit: number;
  used: number;
  remaining: number;
  renewsAt: string | null;
  /** Which allowance is the tightest right now: the visitor's own, their network's, or the whole demo's. */
  limitedBy: QuotaSubjectKind;
  period: string;
  staffSignInEnabled: boolean;
};

/** "3 h 12 min", "45 min", "1 min": rounded up, so "available in 1 min" is never early. */
export function formatWait(ms: number): string {
  const totalMin = Math.max(1, Math.ceil(ms / MINUTE_MS));
  const h = Math.floor(totalMin / 60);
  const m = totalMin % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** "3 h", "45 min": the short form for the header, rounded to whole hours above one hour. */
export function formatWaitShort(ms: number): string {
  const totalMin = Math.max(1, Math.ceil(ms / MINUTE_MS));
  return totalMin < 60 ? `${totalMin} min` : `${Math.round(totalMin / 60)} h`;
}

/** A rolling 24 h window reads as "today" to people; any other window is "this period". */
export const periodLabel = (windowMs: number) => (windowMs === 24 * 60 * MINUTE_MS ? "today" : "this period");
