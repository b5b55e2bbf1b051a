// @vitest-environment node
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublicOnlyFetch, publicOnlyLookup } from "./public-only-fetch";

let server: Server;
let port = 0;
let hits = 0;
beforeAll(async () => {
  server = createServer((_req, res) => {
    hits++;
    res.end("private data");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise((r) => server.close(r)));

describe("public-only connections", () => {
  it("the lookup refuses a name that resolves to loopback", async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => publicOnlyLookup("localhost", {}, (e) => resolve(e)));
    expect(error?.code).toBe("EPRIVATE");
  });

  it("a download by name never connects when the name resolves to a private address", async () => {
    const guardedFetch = createPublicOnlyFetch();
    await expect(guardedFetch(`http://localhost:${port}/secret`)).rejects.toThrow();
    expect(hits).toBe(0);
    // The same server is reachable without the guard: the refusal came from the lookup, not the network.
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe("private data");
  });
});
