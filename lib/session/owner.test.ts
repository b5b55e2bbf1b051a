import { beforeAll, describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config";
import { newOwnerId, ownerCookie, ownerFromCookie, readCookie, requestOwner } from "./owner";

beforeAll(() => {
  process.env.SESSION_SECRET = "owner-test-secret-".padEnd(40, "x");
  resetConfigForTests();
});

const cookieFor = (id: string) => ownerCookie(id, false).value;

describe("ownerFromCookie", () => {
  it("returns the owner of a validly signed cookie, again and again", () => {
    const id = newOwnerId();
    const value = cookieFor(id);
    expect(ownerFromCookie(value)).toBe(id);
    expect(ownerFromCookie(value)).toBe(id);
  });

  it("still refuses a forged signature for an owner whose real cookie was seen before", () => {
    const id = newOwnerId();
    const value = cookieFor(id);
    expect(ownerFromCookie(value)).toBe(id);
    const forged = `${id}.${"A".repeat(43)}`;
    expect(ownerFromCookie(forged)).toBeNull();
    expect(ownerFromCookie(`${value}x`)).toBeNull();
  });

  it("refuses missing, unsigned and malformed values", () => {
    expect(ownerFromCookie(undefined)).toBeNull();
    expect(ownerFromCookie("")).toBeNull();
    expect(ownerFromCookie(newOwnerId())).toBeNull();
    expect(ownerFromCookie(ownerCookie("not-an-owner-id", false).value)).toBeNull();
  });

  it("keeps working after thousands of distinct owners (the cache is bounded)", () => {
    const ids = Array.from({ length: 6_000 }, () => newOwnerId());
    for (const id of ids) expect(ownerFromCookie(cookieFor(id))).toBe(id);
    const first = ids[0] ?? "";
    expect(ownerFromCookie(cookieFor(first))).toBe(first);
  });
});

describe("requestOwner", () => {
  it("reads the owner from the Cookie header among other cookies", () => {
    const id = newOwnerId();
    const request = new Request("http://127.0.0.1/api/x", { headers: { cookie: `a=1; hs_owner=${encodeURIComponent(cookieFor(id))}; b=2` } });
    expect(requestOwner(request)).toBe(id);
  });
});

describe("readCookie", () => {
  const req = (cookie: string) => new Request("http://localhost/", { headers: { cookie } });

  it("finds a cookie among others and decodes it", () => {
    expect(readCookie(req("a=1; hs_staff=x%3Ay.sig; b=2"), "hs_staff")).toBe("x:y.sig");
    expect(readCookie(req("xhs_staff=1"), "hs_staff")).toBeNull();
    expect(readCookie(req("hs_staff=%E0%A4%A"), "hs_staff")).toBeNull();
  });
});
