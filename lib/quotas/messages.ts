import { formatWait, periodLabel } from "./format";
import type { SubjectUsage } from "./usage";

const DAY_S = 24 * 60 * 60;

export type Refusal = { message: string; retryAfterSeconds: number; detail: string };

/** The person-facing refusal for the exhausted allowances; the wait is the longest of them. */
export function quotaRefusal(exhausted: SubjectUsage[], now: number): Refusal {
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
