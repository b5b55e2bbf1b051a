import { z } from "zod";

export const RATE_LIMIT_GROUPS = ["uploads", "create", "polls", "files", "auth", "webhooks"] as const;
export type RateLimitGroup = (typeof RATE_LIMIT_GROUPS)[number];

/** `limit` requests per fixed window of `windowSeconds`, starting at a client's first request (lib/http/rate-limit.ts). */
export type RateLimitRule = { limit: number; windowSeconds: number };
export type RateLimitPolicy = Record<RateLimitGroup, RateLimitRule>;

export const DEFAULT_RATE_LIMITS: RateLimitPolicy = {
  uploads: { limit: 30, windowSeconds: 60 },
  create: { limit: 20, windowSeconds: 60 },
  polls: { limit: 600, windowSeconds: 60 },
  files: { limit: 1200, windowSeconds: 60 },
  // Failed staff sign-ins per client address, counted only when addresses are known (TRUST_PROXY): one shared
  // count would let one guesser lock out the whole team (lib/session/staff.ts).
  auth: { limit: 5, windowSeconds: 15 * 60 },
  // Webhooks come from ModelsLab, not browsers: their own allowance, so busy visitors never crowd them out.
  webhooks: { limit: 1200, windowSeconds: 60 },
};

const rule = z.strictObject({ limit: z.number().int().positive(), windowSeconds: z.number().positive().max(86_400) }).partial();

/** The shape of the RATE_LIMITS setting, e.g. {"polls":{"limit":1200},"auth":{"limit":10,"windowSeconds":600}}. */
export const rateLimitsOverrideSchema = z.strictObject(Object.fromEntries(RATE_LIMIT_GROUPS.map((g) => [g, rule.optional()])) as Record<
  RateLimitGroup,
  z.ZodOptional<typeof rule>
>);
export type RateLimitsOverride = z.infer<typeof rateLimitsOverrideSchema>;

export function buildRateLimits(override: RateLimitsOverride | undefined): RateLimitPolicy {
  const out = { ...DEFAULT_RATE_LIMITS };
  for (const group of RATE_LIMIT_GROUPS) out[group] = { ...DEFAULT_RATE_LIMITS[group], ...override?.[group] };
  return out;
}
