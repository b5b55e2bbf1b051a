// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRouteEnv, type RouteEnv } from "@/test/route-env";
import { GET as health } from "@/app/api/health/route";
import { POST } from "./route";

let env: RouteEnv;
beforeAll(async () => {
  env = await startRouteEnv({ mode: "sync" }, { RATE_LIMITS: JSON.stringify({ webhooks: { limit: 3 }, polls: { limit: 1 } }) });
});
afterAll(() => env.close());

const hook = (secret: string) =>
  POST(new Request(`http://localhost/api/webhooks/modelslab/${secret}`, { method: "POST", body: "{}" }), { params: Promise.resolve({ secret }) });

describe("webhook rate limit", () => {
  it("has its own bucket: busy pollers do not crowd webhooks out, and a flood gets 429", async () => {
    expect((await health(new Request("http://localhost/api/health"), undefined)).status).toBe(200);
    expect((await health(new Request("http://localhost/api/health"), undefined)).status).toBe(429);
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await hook("A".repeat(32))).status);
    expect(codes).toEqual([404, 404, 404, 429]);
  });
});
