import { formatWaitShort, type QuotaStatusDto } from "@/lib/generations/quota-policy";

/** "3 generations left today · renews in 3 h", or why none are left and when that changes. */
export function quotaText(q: QuotaStatusDto, now: number): string {
  const renewIn = q.renewsAt ? formatWaitShort(Math.max(0, Date.parse(q.renewsAt) - now)) : null;
  if (q.remaining === 0) {
    const head = q.limitedBy === "global" ? "Demo budget reached" : `No generations left ${q.period}`;
    return renewIn ? `${head} · more in ${renewIn}` : head;
  }
  const head = `${q.remaining} generation${q.remaining === 1 ? "" : "s"} left ${q.period}`;
  return renewIn ? `${head} · renews in ${renewIn}` : head;
}
