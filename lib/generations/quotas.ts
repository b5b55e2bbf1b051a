import "server-only";
import { getConfig } from "@/lib/config";
import { withTransaction, type Db } from "@/lib/db/client";
import {
  countQuotaEvents,
  deleteQuotaEventsUpTo,
  hasUnrefundedQuotaEvents,
  insertQuotaEvents,
  quotaEventAt,
  refundQuotaEvents,
} from "@/lib/db/queries/quotas";
import { reserveShootGeneration } from "@/lib/db/queries/shoots";
import type { QuotaSubjectKind } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { formatWait, periodLabel, type Audience, type QuotaAudience, type QuotaPolicy, type QuotaStatusDto } from "./quota-policy";

// Spending, giving back and counting the allowances of quota-policy.ts. Every generation spends one unit
// from its owner's allowance, its address's (when known) and the whole demo's; the units are rows in
// quota_events, counted over a rolling window.

type QuotaSubject = { kind: QuotaSubjectKind; key: string; limit: number; windowMs: number };

type QuotaIdentity = { ownerId: string; ip: string | null; audience: QuotaAudience };

/**
 * Every allowance one generation spends from. An unknown address (no trusted proxy) has no per-IP
 * subject: lumping every visitor under one key would cap the whole demo at one visitor's allowance.
 */
function quotaSubjects(policy: QuotaPolicy, who: QuotaIdentity): QuotaSubject[] {
  const global: QuotaSubject = { kind: "global", key: "all", limit: policy.global.limit, windowMs: policy.global.windowMs };
  if (who.audience === "shoot") return [global];
  const rule = policy.audiences[who.audience];
  const subjects: QuotaSubject[] = [{ kind: "owner", key: who.ownerId, limit: rule.perOwner, windowMs: rule.windowMs }];
  if (who.ip !== null && rule.perIp !== null) subjects.push({ kind: "ip", key: who.ip, limit: rule.perIp, windowMs: rule.windowMs });
  subjects.push(global);
  return subjects;
}

type SubjectUsage = {
  subject: QuotaSubject;
  used: number;
  /** When the oldest counted event leaves the window, or null when nothing is counted. */
  nextRenewalAt: number | null;
  /** When `used` drops below the limit again, or null when it is already below (or the limit is 0). */
  freesAt: number | null;
};

/** Unrefunded events of one subject inside its rolling window (an event counts while createdAt > now - window). */
function subjectUsage(db: Db, subject: QuotaSubject, now: number): SubjectUsage {
  const scope = { kind: subject.kind, key: subject.key, since: now - subject.windowMs };
  const used = countQuotaEvents(db, scope);
  const oldest = used > 0 ? quotaEventAt(db, scope, 0) : undefined;
  // With `used` over the limit (e.g. the limit was lowered), a unit frees only when enough events expire.
  const freeing = used >= subject.limit && subject.limit > 0 ? quotaEventAt(db, scope, used - subject.limit) : undefined;
  return {
    subject,
    used,
    nextRenewalAt: oldest === undefined ? null : oldest + subject.windowMs,
    freesAt: freeing === undefined ? null : freeing + subject.windowMs,
  };
}

const DAY_S = 24 * 60 * 60;

type Refusal = { message: string; retryAfterSeconds: number; detail: string };

/** The person-facing refusal for the exhausted allowances; the wait is the longest of them. */
function quotaRefusal(exhausted: SubjectUsage[], now: number): Refusal {
  const waits = exhausted.map((u) => (u.freesAt === null ? u.subject.windowMs : u.freesAt - now));
  const retryAfterSeconds = Math.max(1, Math.ceil(Math.max(...waits) / 1000));
  const wait = formatWait(retryAfterSeconds * 1000);
  const detail = `quota exhausted: ${exhausted.map((u) => `${u.subject.kind} ${u.used}/${u.subject.limit}`).join(", ")}`;
  const global = exhausted.find((u) => u.subject.kind === "global");
  if (global) {
    const message = retryAfterSeconds >= DAY_S / 2 ? "Please try again tomorrow." : `Please try again in ${wait}.`;
    const budget = periodLabel(global.subject.windowMs) === "today" ? "today's" : "its";
    return { message: `The demo has reached ${budget} budget. ${message}`, retryAfterSeconds, detail };
  }
  const first = exhausted[0];
  const limit = first?.subject.limit ?? 0;
  const period = periodLabel(first?.subject.windowMs ?? 0);
  const who = first?.subject.kind === "ip" ? "Your network has" : "You have";
  return { message: `${who} used all ${limit} generations for ${period}. More become available in ${wait}.`, retryAfterSeconds, detail };
}

// `shootId` also counts the generation against that shoot's optional cap, in the same transaction.
type ConsumeArgs = QuotaIdentity & { generationId: string; now: number; policy?: QuotaPolicy; shootId?: string };

/**
 * Spends one unit from every allowance the generation counts against, or none: counting and inserting
 * happen in one IMMEDIATE transaction, so concurrent requests (even from other processes) cannot both
 * take the last unit. Throws a 429 AppError with the time until a unit comes back. Called inside
 * createGeneration's transaction, where it becomes a savepoint: the spend and the insert commit together.
 */
export function consumeQuota(db: Db, args: ConsumeArgs): void {
  const policy = args.policy ?? getConfig().quotas;
  const subjects = quotaSubjects(policy, args);
  withTransaction(db, () => {
    if (hasUnrefundedQuotaEvents(db, args.generationId)) return; // the same generation never pays twice
    const exhausted = subjects.map((s) => subjectUsage(db, s, args.now)).filter((u) => u.used >= u.subject.limit);
    if (exhausted.length > 0) {
      const refusal = quotaRefusal(exhausted, args.now);
      throw new AppError("quota_exceeded", refusal.message, { retryAfterSeconds: refusal.retryAfterSeconds, detail: refusal.detail });
    }
    if (args.shootId !== undefined) {
      // A shoot's cap never renews, so its refusal carries no Retry-After.
      const shoot = reserveShootGeneration(db, args.shootId);
      if (!shoot.ok) throw new AppError("quota_exceeded", `This shoot has used all ${shoot.cap} of its generations.`, { detail: `shoot cap ${shoot.cap} reached` });
    }
    insertQuotaEvents(db, args.generationId, subjects, args.now);
  });
}

/** Gives a generation's units back (it failed upstream before being accepted). Returns how many were refunded. */
export function refundQuota(db: Db, generationId: string, now = Date.now()): number {
  return refundQuotaEvents(db, generationId, now);
}

// For browsers, whose audience is demo or staff (never "shoot").
type StatusArgs = QuotaIdentity & { audience: Audience; now: number; policy?: QuotaPolicy; staffSignInEnabled?: boolean };

/**
 * The caller's allowance for the UI. `limit`/`used` are the caller's own; `remaining` is the tightest of
 * all their allowances. `renewsAt`: when that tightest one frees a unit if it is empty, else when the
 * caller's own oldest generation leaves the window.
 */
export function quotaStatus(db: Db, args: StatusArgs): QuotaStatusDto {
  const policy = args.policy ?? getConfig().quotas;
  const usages = quotaSubjects(policy, args).map((s) => subjectUsage(db, s, args.now));
  const remainingOf = (u: (typeof usages)[number]) => Math.max(0, u.subject.limit - u.used);
  const own = usages[0];
  if (!own) throw new Error("quota subjects always start with the owner");
  const tightest = usages.reduce((a, b) => (remainingOf(b) < remainingOf(a) ? b : a), own);
  const renewal = remainingOf(tightest) === 0 ? (tightest.freesAt ?? tightest.nextRenewalAt) : own.nextRenewalAt;
  return {
    audience: args.audience,
    limit: own.subject.limit,
    used: own.used,
    remaining: remainingOf(tightest),
    renewsAt: renewal === null ? null : new Date(renewal).toISOString(),
    limitedBy: tightest.subject.kind,
    period: periodLabel(own.subject.windowMs),
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
export function pruneQuotaEvents(db: Db, policy: QuotaPolicy, now: number): number {
  return deleteQuotaEventsUpTo(db, now - longestWindowMs(policy));
}
