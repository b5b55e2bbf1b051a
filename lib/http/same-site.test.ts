import { describe, expect, it } from "vitest";
import { isCrossSiteMutation } from "./same-site";

const req = (method: string, path: string, headers: Record<string, string>) => ({
  method,
  headers: new Headers({ host: "app.test", ...headers }),
  nextUrl: new URL(`http://app.test${path}`),
});

describe("isCrossSiteMutation", () => {
  it("refuses a POST whose Origin is another site", () => {
    expect(isCrossSiteMutation(req("POST", "/api/generations", { origin: "https://evil.test" }))).toBe(true);
  });
  it("refuses cross-site by Sec-Fetch-Site and a null origin", () => {
    expect(isCrossSiteMutation(req("DELETE", "/api/generations/x", { "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(isCrossSiteMutation(req("POST", "/api/faces", { origin: "null" }))).toBe(true);
  });
  it("allows same-origin writes, reads, and webhooks", () => {
    expect(isCrossSiteMutation(req("POST", "/api/generations", { origin: "http://app.test" }))).toBe(false);
    expect(isCrossSiteMutation(req("GET", "/api/generations", { origin: "https://evil.test" }))).toBe(false);
    expect(isCrossSiteMutation(req("POST", "/api/webhooks/modelslab/s", { origin: "https://modelslab.com" }))).toBe(false);
  });
});
