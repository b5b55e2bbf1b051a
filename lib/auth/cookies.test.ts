import { describe, expect, it } from "vitest";
import { readCookie } from "./cookies";

const req = (cookie: string) => new Request("http://localhost/", { headers: { cookie } });

describe("readCookie", () => {
  it("finds a cookie among others and decodes it", () => {
    expect(readCookie(req("a=1; hs_staff=x%3Ay.sig; b=2"), "hs_staff")).toBe("x:y.sig");
    expect(readCookie(req("xhs_staff=1"), "hs_staff")).toBeNull();
    expect(readCookie(req("hs_staff=%E0%A4%A"), "hs_staff")).toBeNull();
  });
});
