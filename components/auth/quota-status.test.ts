import { describe, expect, it } from "vitest";
import type { QuotaStatusDto } from "@/lib/generations/quota-policy";
import { quotaText } from "./quota-status";

const now = Date.parse("2025-01-01T12:00:00Z");
const base: QuotaStatusDto = { audience: "demo", limit: 5, used: 2, remaining: 3, renewsAt: "2025-01-01T15:00:00Z", limitedBy: "owner", period: "today", staffSignInEnabled: true };

describe("quotaText", () => {
  it("says how many are left and when they renew", () => {
    expect(quotaText(base, now)).toBe("3 generations left today · renews in 3 h");
    expect(quotaText({ ...base, remaining: 1 }, now)).toBe("1 generation left today · renews in 3 h");
    expect(quotaText({ ...base, remaining: 5, renewsAt: null }, now)).toBe("5 generations left today");
  });

  it("explains an empty allowance", () => {
    expect(quotaText({ ...base, remaining: 0 }, now)).toBe("No generations left today · more in 3 h");
    expect(quotaText({ ...base, remaining: 0, limitedBy: "global" }, now)).toBe("Demo budget reached · more in 3 h");
  });
});
