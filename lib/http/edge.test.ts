// @vitest-environment node
// The edge guard on a real HTTP server, spoken to over a raw socket: TRACE/TRACK and other unknown methods get a
// JSON 405, an absolute-form request line a JSON 400, before the server's own handler runs.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { edgeRefusal, installEdgeGuard } from "./edge";

let server: Server;
let port = 0;
let handled: string[] = [];
let uninstall: () => void;

beforeAll(async () => {
  uninstall = installEdgeGuard();
  server = createServer((req, res) => {
    handled.push(`${req.method} ${req.url}`);
    res.end("app");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
});
afterAll(async () => {
  uninstall();
  vi.restoreAllMocks();
  await new Promise((r) => (server.closeAllConnections(), server.close(r)));
});

/** Sends raw bytes and returns the raw answer. */
function raw(text: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(text));
    let data = "";
    socket.on("data", (c) => (data += c.toString("latin1")));
    socket.on("error", reject);
    socket.on("close", () => {
      const [head = "", body = ""] = data.split("\r\n\r\n");
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body });
    });
  });
}

describe("edgeRefusal", () => {
  it("lets the served methods through on a path", () => {
    for (const m of ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]) expect(edgeRefusal(m, "/api/health")).toBeNull();
  });
  it.each(["TRACE", "TRACK", "CONNECT", "PROPFIND", "get", "FOO"])("refuses %s with 405 and Allow", (m) => {
    expect(edgeRefusal(m, "/")).toMatchObject({ status: 405, headers: { Allow: "GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE" } });
  });
  it.each(["http://evil.example/api/health", "https://evil.example/", "evil.example:443", "*"])("refuses the request target %s with 400", (t) => {
    expect(edgeRefusal("GET", t)).toMatchObject({ status: 400 });
  });
});

describe("the guard on a live server (raw socket)", () => {
  it.each(["TRACE / HTTP/1.1", "TRACK /api/generations HTTP/1.1", "TRACE /api/health HTTP/1.1", "PROPFIND /gallery HTTP/1.1"])("%s → 405 JSON, never reaches the app", async (line) => {
    handled = [];
    const res = await raw(`${line}\r\nHost: app.test\r\nConnection: close\r\n\r\n`);
    expect(res.status).toBe(405);
    expect(res.headers["allow"]).toBe("GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE");
    expect(res.headers["content-type"]).toBe("application/json");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: "method_not_allowed", message: expect.stringMatching(/does not accept/) } });
    expect(handled).toEqual([]);
  });

  it("an absolute-form request line → 400 JSON, no redirect to the foreign host", async () => {
    handled = [];
    const res = await raw("GET http://evil.example/api/health HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n");
    expect(res.status).toBe(400);
    expect(res.headers["location"]).toBeUndefined();
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: "bad_request" } });
    expect(handled).toEqual([]);
  });

  it("an ordinary request reaches the app", async () => {
    handled = [];
    const res = await raw("GET /api/health HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n");
    expect(res.status).toBe(200);
    expect(handled).toEqual(["GET /api/health"]);
  });
});
