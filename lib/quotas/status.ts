import "server-only";
import { getConfig } from "@/lib/config";
import type { Db } from "@/lib/db/open";
import { periodLabel } from "./format";
import type { Audience, QuotaPolicy } from "./policy";
import { quotaSubjects, type QuotaIdentity } from "./subjects";
import type { QuotaStatusDto } from "./types";
import { subjectUsage } from "./usage";

// team shoots: the status is for browsers, whose audience is demo or staff (never "shoot").
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
