import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createModelsLabClient } from "./client";
import { OutputDownloadError } from "./output-download-error";
import { startTestServer, type TestServer } from "@/test/loopback-server";

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(50, 1)]);
const WEBP = Buffer.concat([Buffer.from("RIFF"), Buffer.alloc(4), Buffer.from("WEBPVP8 "), Buffer.alloc(20)]);

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer((req, res) => {
    const path = req.url;
    const send = (status: number, body: string | Buffer, type = "application/octet-stream") => {
      res.writeHead(status, { "content-type": type });
      res.end(body);
    };
    if (path === "/a.png") return send(200, PNG, "image/png");
    if (path === "/plain.base64") return send(200, PNG.toString("base64"), "text/plain");
    if (path === "/prefixed.base64") return send(200, `data:image/jpeg;base64,${JPEG.toString("base64")}\n`, "text/plain");
    if (path === "/wrapped.base64") return send(200, WEBP.toString("base64").replace(/(.{8})/g, "$1\r\n"), "text/plain");
    if (path === "/text.base64") return send(200, Buffer.from("hello world").toString("base64"), "text/plain");
    if (path === "/junk.base64") return send(200, "not*base64!", "text/plain");
    if (path === "/page.png") return send(200, "<!DOCTYPE html><html>Not found</html>", "text/plain");
    if (path === "/typed-html.png") return send(200, "xx", "text/html; charset=utf-8");
    if (path === "/gone.png") return send(410, "gone");
    if (path === "/boom.png") return send(500, "boom");
    if (path === "/redirect.png") {
      res.writeHead(302, { location: "/a.png" });
      return res.end();
    }
    if (path === "/stream.bin") {
      // No content-length: the limit must be enforced while streaming.
      res.writeHead(200, { "content-type": "image/png" });
      res.write(PNG);
      res.write(Buffer.alloc(5000));
      return res.end();
    }
    send(404, "<html>404</html>", "text/html");
  });
});
afterEach(() => server.close());

function client(extra: Partial<Parameters<typeof createModelsLabClient>[0]> = {}) {
  return createModelsLabClient({ baseUrl: server.origin, apiKey: "sk-dl-secret", ...extra });
}

async function failure(p: Promise<unknown>): Promise<OutputDownloadError> {
  const error = await p.then(() => null, (e: unknown) => e);
  if (!(error instanceof OutputDownloadError)) throw new Error(`expected OutputDownloadError, got ${String(error)}`);
  return error;
}

describe("downloadOutput", () => {
  it("returns binary bytes", async () => {
    expect(await client().downloadOutput({ url: `${server.origin}/a.png`, encoding: "binary" })).toEqual(PNG);
  });

  it.each([
    ["plain base64", "/plain.base64", PNG],
    ["data: prefix", "/prefixed.base64", JPEG],
    ["line-wrapped WebP", "/wrapped.base64", WEBP],
  ])("decodes %s", async (_name, path, expected) => {
    expect(await client().downloadOutput({ url: `${server.origin}${path}`, encoding: "base64" })).toEqual(expected);
  });

  it.each(["/text.base64", "/junk.base64"])("refuses base64 that is not an image (%s)", async (path) => {
    const error = await failure(client().downloadOutput({ url: `${server.origin}${path}`, encoding: "base64" }));
    expect(error.problem).toBe("not_image");
  });

  it.each([
    ["/missing.png", 404, true],
    ["/gone.png", 410, true],
    ["/boom.png", 500, false],
  ])("refuses non-2xx %s", async (path, status, expired) => {
    const error = await failure(client().downloadOutput({ url: `${server.origin}${path}`, encoding: "binary" }));
    expect(error).toMatchObject({ problem: "http_status", status, expired });
  });

  it.each(["/page.png", "/typed-html.png"])("refuses HTML bodies (%s)", async (path) => {
    const error = await failure(client().downloadOutput({ url: `${server.origin}${path}`, encoding: "binary" }));
    expect(error.problem).toBe("html");
  });

  it("refuses outputs over maxOutputBytes while streaming", async () => {
    const error = await failure(client({ maxOutputBytes: 1000 }).downloadOutput({ url: `${server.origin}/stream.bin`, encoding: "binary" }));
    expect(error.problem).toBe("too_large");
  });

  it("refuses by content-length before reading", async () => {
    const error = await failure(client({ maxOutputBytes: 100 }).downloadOutput({ url: `${server.origin}/a.png`, encoding: "binary" }));
    expect(error.problem).toBe("too_large");
  });

  it("checks the URL guard before fetching and on every redirect hop", async () => {
    const seen: string[] = [];
    const guarded = client({ assertOutputUrlAllowed: (url) => void seen.push(url.pathname) });
    expect(await guarded.downloadOutput({ url: `${server.origin}/redirect.png`, encoding: "binary" })).toEqual(PNG);
    expect(seen).toEqual(["/redirect.png", "/a.png"]);

    const refusing = client({
      assertOutputUrlAllowed: () => {
        throw new Error("private host");
      },
    });
    const error = await failure(refusing.downloadOutput({ url: `${server.origin}/a.png`, encoding: "binary" }));
    expect(error.problem).toBe("refused_url");
    expect(server.requests.filter((r) => r.url === "/a.png")).toHaveLength(1);
  });

  it("refuses non-http URLs", async () => {
    const error = await failure(client().downloadOutput({ url: "file:///etc/passwd", encoding: "binary" }));
    expect(error.problem).toBe("bad_url");
  });

  it("times out a hanging download", async () => {
    const hang = await startTestServer(() => undefined);
    try {
      const error = await failure(client({ timeoutMs: 150 }).downloadOutput({ url: `${hang.origin}/x.png`, encoding: "binary" }));
      expect(error.problem).toBe("timeout");
    } finally {
      await hang.close();
    }
  });
});
