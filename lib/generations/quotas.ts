import "server-only";
import { getConfig } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import {
  deleteQuotaEventsUpTo,
  quotaUsages,
  refundQuotaEvents,
  spendQuota,
  type AllowanceUsage,
  type QuotaAllowance,
  type QuotaRefusal,
  type QuotaSpend,
} from "@/lib/db/queries/quotas";
import { AppError } from "@/lib/errors";
import { formatWait, periodLabel, type Audience, type QuotaAudience, type QuotaPolicy, type QuotaStatusDto } from "./quota-policy";

// Spending, giving back and counting the allowances of quota-policy.ts. Every generation spends one unit
// from its owner's allowance, its address's (when known) and the whole demo's; the units are rows in
// quota_events, counted over a rolling window. This file turns the policy into allowances (data) and a
// refusal into words; lib/db/queries/quotas.ts counts and spends them in one transaction.

type QuotaIdentity = { ownerId: string; ip: string | null; audience: QuotaAudience };

/**
 * Every allowance one generation spends from. An unknown address (no trusted proxy) has no per-IP
 * subject: lumping every visitor under one key would cap the whole demo at one visitor's allowance.
 */
function quotaAllowances(policy: QuotaPolicy, who: QuotaIdentity): QuotaAllowance[] {
  const global: QuotaAllowance = { kind: "global", key: "all", limit: policy.global.limit, windowMs: policy.global.windowMs };
  if (who.audience === "shoot") return [global];
  const rule = policy.audiences[who.audience];
  const subjects: QuotaAllowance[] = [{ kind: "owner", key: who.ownerId, limit: rule.perOwner, windowMs: rule.windowMs }];
  if (who.ip !== null && rule.perIp !== null) subjects.push({ kind: "ip", key: who.ip, limit: rule.perIp, windowMs: rule.windowMs });
  subjects.push(global);
  return subjects;
}

const DAY_S = 24 * 60 * 60;

type Refusal = { message: string; retryAfterSeconds: number; detail: string };

/** The person-facing refusal for the exhausted allowances; the wait is the longest of them. */
function refusalWording(exhausted: AllowanceUsage[], now: number): Refusal {
  const waits = exhausted.map((u) => (u.freesAt === null ? u.allowance.windowMs : u.freesAt - now));
  const retryAfterSeconds = Math.max(1, Math.ceil(Math.max(...waits) / 1000));
  const wait = formatWait(retryAfterSeconds * 1000);
  const detail = `quota exhausted: ${exhausted.map((u) => `${u.allowance.kind} ${u.used}/${u.allowance.limit}`).join(", ")}`;
  const global = exhausted.find((u) => u.allowance.kind === "global");
  if (global) {
    const message = retryAfterSeconds >= DAY_S / 2 ? "Please try again tomorrow." : `Please try again in ${wait}.`;
    const budget = periodLabel(global.allowance.windowMs) === "today" ? "today's" : "its";
    return { message: `The demo has reached ${budget} budget. ${message}`, retryAfterSeconds, detail };
  }
  const first = exhausted[0];
  const limit = first?.allowance.limit ?? 0;
  const period = periodLabel(first?.allowance.windowMs ?? 0);
  const who = first?.allowance.kind === "ip" ? "Your network has" : "You have";
  return { message: `${who} used all ${limit} generations for ${period}. More become available in ${wait}.`, retryAfterSeconds, detail };
}

// `shootId` also counts the generation against that shoot's optional cap, in the same transaction.
type ConsumeArgs = QuotaIdentity & { generationId: string; now: number; policy?: QuotaPolicy; shootId?: string };

/** The spend a generation makes under the policy (the configured one unless given). */
export function quotaSpend(args: ConsumeArgs): QuotaSpend {
  const allowances = quotaAllowances(args.policy ?? getConfig().quotas, args);
  return { generationId: args.generationId, allowances, now: args.now, ...(args.shootId !== undefined ? { shootId: args.shootId } : {}) };
}

/** The 429 for a refused spend, with the time until a unit comes back (a shoot's cap never renews: no Retry-After). */
export function quotaError(refusal: QuotaRefusal, now: number): AppError {
  if (refusal.kind === "shoot_cap") {
    return new AppError("quota_exceeded", `This shoot has used all ${refusal.cap} of its generations.`, { detail: `shoot cap ${refusal.cap} reached` });
  }
  const wording = refusalWording(refusal.exhausted, now);
  return new AppError("quota_exceeded", wording.message, { retryAfterSeconds: wording.retryAfterSeconds, detail: wording.detail });
}

/**
 * Spends one unit from every allowance the generation counts against, or none (one transaction in lib/db, so
 * concurrent requests cannot both take the last unit). Throws a 429 AppError with the time until a unit comes
 * back. createGeneration spends through insertGenerationWithinQuota instead, with the insert in the same
 * transaction.
 */
export async function consumeQuota(db: Db, args: ConsumeArgs): Promise<void> {
  const refusal = await spendQuota(db, quotaSpend(args));
  if (refusal) throw quotaError(refusal, args.now);
}

/** Gives a generation's units back (it failed upstream before being accepted). Returns how many were refunded. */
export async function refundQuota(db: Db, generationId: string, now = Date.now()): Promise<number> {
  return await refundQuotaEvents(db, generationId, now);
}

// For browsers, whose audience is demo or staff (never "shoot").
type StatusArgs = QuotaIdentity & { audience: Audience; now: number; policy?: QuotaPolicy; staffSignInEnabled?: boolean };

/**
 * The caller's allowance for the UI. `limit`/`used` are the caller's own; `remaining` is the tightest of
 * all their allowances. `renewsAt`: when that tightest one frees a unit if it is empty, else when the
 * caller's own oldest generation leaves the window.
 */
export async function quotaStatus(db: Db, args: StatusArgs): Promise<QuotaStatusDto> {
  const policy = args.policy ?? getConfig().quotas;
  const usages = await quotaUsages(db, quotaAllowances(policy, args), args.now);
  const remainingOf = (u: (typeof usages)[number]) => Math.max(0, u.allowance.limit - u.used);
  const own = usages[0];
  if (!own) throw new Error("quota subjects always start with the owner");
  const tightest = usages.reduce((a, b) => (remainingOf(b) < remainingOf(a) ? b : a), own);
  const renewal = remainingOf(tightest) === 0 ? (tightest.freesAt ?? tightest.nextRenewalAt) : own.nextRenewalAt;
  return {
    audience: args.audience,
    limit: own.allowance.limit,
    used: own.used,
    remaining: remainingOf(tightest),
    renewsAt: renewal === null ? null : new Date(renewal).toISOString(),
    limitedBy: tightest.allowance.kind,
    period: periodLabel(own.allowance.windowMs),
    staffSignInEnabled: args.staffSignInEnabled ?? getConfig().staffAccessCode !== null,
  };
}

/** The longest window any allowance counts over: older events count toward nothing. */
export function longestWindowMs(policy: QuotaPolicy): number {
  return Math.max(policy.global.windowMs, ...Object.values(policy.audiences).map((a) => a.windowMs));
}

/**
 * Deletes quota events that no window counts any more. Without this the table grows by three rows per job
 * for ever, and per-address events would keep visitors' IP addresses long after they matter.
 */
export async function pruneQuotaEvents(db: Db, policy: QuotaPolicy, now: number): Promise<number> {
  return await deleteQuotaEventsUpTo(db, now - longestWindowMs(policy));
}
