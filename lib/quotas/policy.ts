import { z } from "zod";

export const AUDIENCES = ["demo", "staff"] as const;
export type Audience = (typeof AUDIENCES)[number];
// team shoots: a generation made for a member of a team shoot. It spends only from the global budget (and
// the shoot's own cap); the per-browser demo quota does not apply. Not a configurable audience.
export type QuotaAudience = Audience | "shoot";

const HOUR_MS = 60 * 60_000;

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

const count = z.number().int().min(0);
const audienceOverride = z.strictObject({
  perOwner: count.optional(),
  perIp: count.nullable().optional(),
  windowHours: z.number().positive().max(24 * 366).optional(),
});

/** The shape of the QUOTAS setting, e.g. {"demo":{"perOwner":3,"perIp":10},"staff":{"perOwner":50,"windowHours":24}}. */
export const quotasOverrideSchema = z.strictObject({ demo: audienceOverride.optional(), staff: audienceOverride.optional() });
export type QuotasOverride = z.infer<typeof quotasOverrideSchema>;

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
