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

  it("believes X-Forwarded-Host only behind a trusted proxy (TRUST_PROXY=true)", () => {
    // Without TRUST_PROXY a request can name any host there: an evil Origin matched by a forged header is refused.
    const forged = req("POST", "/api/generations", { origin: "https://evil.test", "x-forwarded-host": "evil.test" });
    expect(isCrossSiteMutation(forged)).toBe(true);
    expect(isCrossSiteMutation(forged, false)).toBe(true);
    // Behind our proxy (Host is the internal name), the proxy's X-Forwarded-Host is the public host; its last entry counts.
    const proxied = (xfh: string) => ({ ...req("POST", "/api/generations", { origin: "https://app.example", "x-forwarded-host": xfh }), headers: new Headers({ host: "127.0.0.1:3000", origin: "https://app.example", "x-forwarded-host": xfh }) });
    expect(isCrossSiteMutation(proxied("app.example"), true)).toBe(false);
    expect(isCrossSiteMutation(proxied("app.example"), false)).toBe(true);
    expect(isCrossSiteMutation(proxied("evil.test, app.example"), true)).toBe(false);
    expect(isCrossSiteMutation(proxied("app.example, evil.test"), true)).toBe(true);
  });
});
