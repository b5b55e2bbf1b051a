import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { readJson, route } from "./route";

const ok = route(async () => new Response("done"));
const req = (method: string, headers: Record<string, string> = {}) =>
  new Request("http://app.test/api/generations", { method, headers: { host: "app.test", ...headers } });

describe("route()", () => {
  it("refuses a write from another site before the handler runs", async () => {
    let ran = false;
    const handler = route(async () => {
      ran = true;
      return new Response("done");
    });
    const res = await handler(req("POST", { origin: "https://evil.test" }), undefined);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe("Requests from other sites are not allowed.");
    expect(ran).toBe(false);
  });

  it("adds the security headers to answers and refusals, keeping a handler's own stricter CSP", async () => {
    const answers = [
      await ok(req("GET"), undefined),
      await route(async () => {
        throw new AppError("not_found", "Nope.");
      })(req("GET"), undefined),
    ];
    for (const res of answers) {
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    }
    const file = await route(async () => new Response("x", { headers: { "Content-Security-Policy": "default-src 'none'; sandbox" } }))(req("GET"), undefined);
    expect(file.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
  });

  it("a forged X-Forwarded-Host matching the foreign Origin does not make a cross-site write same-site (TRUST_PROXY off)", async () => {
    const res = await ok(req("POST", { origin: "https://evil.test", "x-forwarded-host": "evil.test" }), undefined);
    expect(res.status).toBe(403);
  });

  it("lets same-site writes and cross-site reads through", async () => {
    expect((await ok(req("POST", { origin: "http://app.test" }), undefined)).status).toBe(200);
    expect((await ok(req("GET", { origin: "https://evil.test" }), undefined)).status).toBe(200);
  });

  it("maps typed errors to their status with a request id, and unknown errors to a safe 500", async () => {
    const typed = await route(async () => {
      throw new AppError("not_found", "Nope.");
    })(req("GET"), undefined);
    expect(typed.status).toBe(404);
    expect(typed.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const boom = await route(async () => {
      throw new Error("secret stack detail");
    })(req("GET"), undefined);
    expect(boom.status).toBe(500);
    expect(await boom.text()).not.toContain("secret stack detail");
  });
});

describe("a body that breaks on the wire", () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    ["malformed chunked encoding", Object.assign(new Error("Parse Error: Invalid character in chunk size"), { code: "HPE_INVALID_CHUNK_SIZE" })],
    ["a client that hangs up mid-body", Object.assign(new Error("aborted"), { code: "ECONNRESET" })],
    ["a stream terminated by the server", new TypeError("terminated")],
  ])("%s is a client error: 400, one warn line without a stack, nothing at error level", async (_name, failure) => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(new TextEncoder().encode('{"prompt":"'));
        } else controller.error(failure);
      },
    });
    const handler = route(async (request) => Response.json(await readJson(request)));
    const res = await handler(new Request("http://app.test/api/generations", { method: "POST", body, duplex: "half", headers: { host: "app.test" } } as RequestInit), undefined);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe("The request body could not be read.");
    expect(error).not.toHaveBeenCalled();
    const lines = warn.mock.calls.map((c) => String(c[0]));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"code":"bad_request"');
    expect(lines[0]).toContain(failure.message);
    expect(lines[0]).not.toMatch(/\n\s+at |\\n\s+at /);
  });
});
