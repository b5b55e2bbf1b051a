import type { QuotaAudience, QuotaPolicy } from "./policy";

export type QuotaSubject = { kind: "owner" | "ip" | "global"; key: string; limit: number; windowMs: number };

export type QuotaIdentity = { ownerId: string; ip: string | null; audience: QuotaAudience };

/**
 * Every allowance one generation spends from. An unknown address (no trusted proxy) has no per-IP
 * subject: lumping every visitor under one key would cap the whole demo at one visitor's allowance.
 */
export function quotaSubjects(policy: QuotaPolicy, who: QuotaIdentity): QuotaSubject[] {
  const global: QuotaSubject = { kind: "global", key: "all", limit: policy.global.limit, windowMs: policy.global.windowMs };
  if (who.audience === "shoot") return [global]; // team shoots: only the global budget applies
  const rule = policy.audiences[who.audience];
  const subjects: QuotaSubject[] = [{ kind: "owner", key: who.ownerId, limit: rule.perOwner, windowMs: rule.windowMs }];
  if (who.ip !== null && rule.perIp !== null) subjects.push({ kind: "ip", key: who.ip, limit: rule.perIp, windowMs: rule.windowMs });
  subjects.push(global);
  return subjects;
}
