import { describe, expect, it } from "vitest";
import { formatDay, formatIsoDay, plural } from "./format";

describe("team dates", () => {
  it("shows a due day as that day", () => {
    expect(formatDay("2025-03-14")).toBe("14 Mar 2025");
    expect(formatDay("2025-12-31")).toBe("31 Dec 2025");
    expect(formatDay("soon")).toBe("soon");
  });
  it("shows an ISO time's UTC day", () => {
    expect(formatIsoDay("2025-03-14T23:30:00.000Z")).toBe("14 Mar 2025");
  });
  it("pluralises", () => {
    expect(plural(1, "person", "people")).toBe("1 person");
    expect(plural(3, "person", "people")).toBe("3 people");
    expect(plural(0, "headshot")).toBe("0 headshots");
  });
});
