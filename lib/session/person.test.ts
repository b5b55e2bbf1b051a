import { describe, expect, it } from "vitest";
import { safeNextPath } from "./person";

describe("safeNextPath", () => {
  it("keeps paths on this site", () => {
    expect(safeNextPath("/team")).toBe("/team");
    expect(safeNextPath("/team/s_abc?x=1")).toBe("/team/s_abc?x=1");
  });
  it("refuses other origins and odd values", () => {
    for (const bad of ["//evil.example", "/\\evil.example", "https://evil.example/team", "team", "", "/team\n", undefined, ["/team"], 3]) {
      expect(safeNextPath(bad)).toBeNull();
    }
    expect(safeNextPath(`/${"a".repeat(600)}`)).toBeNull();
  });
});
