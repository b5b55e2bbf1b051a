// @vitest-environment node
import { createServer, type Server } from "node:http";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createModelsLabClient } from "./client";
import { assertPublicOutputUrl, createOutputGuard, createPublicOnlyFetch, isPrivateAddress, publicOnlyLookup } from "./download";
import { OutputDownloadError } from "./failures";
import { startTestServer, type TestServer } from "@/test/loopback-server";

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(50, 1)]);
const WEBP = Buffer.concat([Buffer.from("RIFF"), Buffer.alloc(4), Buffer.from("WEBPVP8 "), Buffer.alloc(20)]);

let server: TestServer;

function client(extra: Partial<Parameters<typeof createModelsLabClient>[0]> = {}) {
  return createModelsLabClient({ baseUrl: server.origin, apiKey: "sk-dl-secret", ...extra });
}

async function failure(p: Promise<unknown>): Promise<OutputDownloadError> {
  const error = await p.then(() => null, (e: unknown) => e);
  if (!(error instanceof OutputDownloadError)) throw new Error(`expected OutputDownloadError, got ${String(error)}`);
  return error;
}

describe("downloadOutput", () => {
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

// ---------------------------------------------------------------------------------------------------------
// SSRF guard: the URL check

describe("output URL guard", () => {
  it.each(["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "0.0.0.0"])(
    "treats %s as private",
    (a) => expect(isPrivateAddress(a)).toBe(true),
  );
  it.each(["8.8.8.8", "172.32.0.1", "2606:4700::1111"])("treats %s as public", (a) => expect(isPrivateAddress(a)).toBe(false));

  it("refuses http and literal private hosts without any network call", async () => {
    await expect(assertPublicOutputUrl(new URL("http://example.com/a.png"))).rejects.toThrow(/non-https/);
    await expect(assertPublicOutputUrl(new URL("https://127.0.0.1/a.png"))).rejects.toThrow(/private/);
    await expect(assertPublicOutputUrl(new URL("https://[::1]/a.png"))).rejects.toThrow(/private/);
    await expect(assertPublicOutputUrl(new URL("https://169.254.169.254/latest"))).rejects.toThrow(/private/);
  });
});

describe("output URL guard: alternative spellings of private addresses", () => {
  it.each([
    "::ffff:7f00:1", // ::ffff:127.0.0.1 as the URL parser normalises it
    "::ffff:a9fe:a9fe", // 169.254.169.254 (cloud metadata)
    "::7f00:1", // IPv4-compatible ::127.0.0.1
    "64:ff9b::7f00:1", // NAT64
    "2002:7f00:1::", // 6to4 around 127.0.0.1
    "100.64.0.1",
    "198.18.0.1",
    "255.255.255.255",
    "ff02::1",
    "not-an-ip",
  ])("treats %s as private", (a) => expect(isPrivateAddress(a)).toBe(true));

  it("refuses bracketed, hex and decimal spellings of loopback and metadata hosts", async () => {
    for (const url of ["https://[::ffff:127.0.0.1]/a.png", "https://[::127.0.0.1]/a.png", "https://0x7f.1/a.png", "https://2130706433/a.png", "https://[::ffff:169.254.169.254]/x"]) {
      await expect(assertPublicOutputUrl(new URL(url)), url).rejects.toThrow(/private/);
    }
  });

  it("refuses a name that resolves to loopback (localhost)", async () => {
    await expect(assertPublicOutputUrl(new URL("https://localhost/a.png"))).rejects.toThrow(/private/);
  });
});

// ---------------------------------------------------------------------------------------------------------
// SSRF guard: connect-time lookup (DNS rebinding)

describe("public-only connections", () => {
  let privateServer: Server;
  let privatePort = 0;
  let hits = 0;
  beforeAll(async () => {
    privateServer = createServer((_req, res) => {
      hits++;
      res.end("private data");
    });
    await new Promise<void>((r) => privateServer.listen(0, "127.0.0.1", r));
    privatePort = (privateServer.address() as { port: number }).port;
  });
  afterAll(() => new Promise((r) => privateServer.close(r)));

  it("the lookup refuses a name that resolves to loopback", async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => publicOnlyLookup("localhost", {}, (e) => resolve(e)));
    expect(error?.code).toBe("EPRIVATE");
  });

  it("a download by name never connects when the name resolves to a private address", async () => {
    const guardedFetch = createPublicOnlyFetch();
    await expect(guardedFetch(`http://localhost:${privatePort}/secret`)).rejects.toThrow();
    expect(hits).toBe(0);
    // The same server is reachable without the guard: the refusal came from the lookup, not the network.
    expect(await (await fetch(`http://127.0.0.1:${privatePort}/`)).text()).toBe("private data");
  });
});

// ---------------------------------------------------------------------------------------------------------
// The operator's own hosts (MODELSLAB_BASE_URL's origin, MODELSLAB_OUTPUT_ORIGINS)

describe("output guard with trusted origins", () => {
  let own: TestServer;
  beforeAll(async () => {
    own = await startTestServer((_req, res) => {
      res.writeHead(200, { "content-type": "image/png" });
      res.end(PNG);
    });
  });
  afterAll(() => own.close());

  it("fetches a trusted origin as it is (plain http, loopback), and refuses the same host on another origin", async () => {
    const guard = createOutputGuard([own.origin]);
    const c = createModelsLabClient({ baseUrl: "https://api.example.com", apiKey: "k", ...guard });
    expect(await c.downloadOutput({ url: `${own.origin}/a.png`, encoding: "binary" })).toEqual(PNG);
    const other = own.origin.replace("127.0.0.1", "localhost");
    const error = await failure(c.downloadOutput({ url: `${other}/a.png`, encoding: "binary" }));
    expect(error).toMatchObject({ problem: "refused_url", host: new URL(other).host, origin: other });
  });

  it("a refusal at connect time (a name that resolves to a private address) is a refused URL naming the host", async () => {
    const guard = createOutputGuard([]);
    // The URL check is skipped here so the connect-time lookup is what refuses.
    const c = createModelsLabClient({ baseUrl: "https://api.example.com", apiKey: "k", downloadFetchImpl: guard.downloadFetchImpl, assertOutputUrlAllowed: () => undefined });
    const port = new URL(own.origin).port;
    const error = await failure(c.downloadOutput({ url: `http://localhost:${port}/a.png?token=secret`, encoding: "binary" }));
    expect(error).toMatchObject({ problem: "refused_url", host: `localhost:${port}` });
    expect(own.requests).toHaveLength(1); // only the trusted fetch of the first test
  });
});
