import type { Audience } from "./policy";

/** What the browser gets from GET /api/quota. `renewsAt` is when the next generation comes back (ISO), if any is spent. */
export type QuotaStatusDto = {
  audience: Audience;
  limit: number;
  used: number;
  remaining: number;
  renewsAt: string | null;
  /** Which allowance is the tightest right now: the visitor's own, their network's, or the whole demo's. */
  limitedBy: "owner" | "ip" | "global";
  period: string;
  staffSignInEnabled: boolean;
};
