// @vitest-environment node
import { afterEach, describe, expect, it, vi } from "vitest";
import LayoutOnlyPage from "@/app/bench-floor/page";
import { GET } from "./route";

const call = () => GET(new Request("http://localhost/api/bench-floor"), { params: Promise.resolve({}) });

afterEach(() => vi.unstubAllEnvs());

describe("the bench floors (empty route handler, layout-only page)", () => {
  it.each([undefined, "", "0", "true"])("do not exist without BENCH_FLOORS=1 (BENCH_FLOORS=%j)", async (value) => {
    vi.stubEnv("BENCH_FLOORS", value);
    const res = await call();
    expect(res.status).toBe(404);
    expect(await res.text()).toBe("");
    expect(() => LayoutOnlyPage()).toThrow(expect.objectContaining({ digest: "NEXT_HTTP_ERROR_FALLBACK;404" }));
  });

  it("answer with BENCH_FLOORS=1: 204 through route() (request id, security headers), and an empty page", async () => {
    vi.stubEnv("BENCH_FLOORS", "1");
    const res = await call();
    expect(res.status).toBe(204);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(LayoutOnlyPage()).toBeNull();
  });
});
