// @vitest-environment node
// Outputs on the operator's own hosts (issue 12, point 1): the lifecycle wired exactly as production wires it in
// real mode (createUpstream with a parsed config and a key), against the simulator on loopback. Outputs on
// MODELSLAB_BASE_URL's origin or on MODELSLAB_OUTPUT_ORIGINS are downloaded even though they are plain http on a
// private address; any other private origin is refused at once, with a plain message and one error log line.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseConfig } from "@/lib/config-schema";
import { getGeneration } from "@/lib/db/queries/generations";
import { listOutputs } from "@/lib/db/queries/outputs";
import { addFace, createHarness, params, sleep, waitForEnd, type Harness } from "@/test/harness";
import { createGeneration } from "./create";
import { advanceGeneration } from "./lifecycle";
import { createUpstream } from "./runtime";

const KEY = "simulator-key";
const OWNER = "o_origins";
const REFUSED = "The image service returned the result at an address this server may not download from.";

let h: Harness | undefined;
const servers: Server[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const s of servers.splice(0)) await new Promise((r) => (s.closeAllConnections(), s.close(r)));
  await h?.close();
  h = undefined;
});

/** Another loopback origin in front of the simulator's files, like the operator's bucket. Counts its requests. */
async function bucket(target: () => string, redirect = false): Promise<{ origin: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer(async (req, res) => {
    hits.push(req.url ?? "");
    if (redirect) {
      res.writeHead(302, { location: `${target()}${req.url ?? ""}` }).end();
      return;
    }
    const upstream = await fetch(`${target()}${req.url ?? ""}`);
    res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/octet-stream" });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

/** The harness, with its upstream replaced by the production wiring in real mode. */
async function realMode(env: Record<string, string> = {}, sim: Parameters<typeof createHarness>[0] = { sim: { mode: "sync" } }) {
  h = await createHarness(sim);
  const config = parseConfig({ MODELSLAB_API_KEY: KEY, MODELSLAB_BASE_URL: h.sim.baseUrl, ...env });
  expect(config.mode).toBe("real");
  const deps = h.use({ upstream: createUpstream(config), config: { ...h.deps.config, mode: "real" } });
  const face = await addFace(deps, OWNER);
  return { h, deps, face };
}

function errorLines(spy: { mock: { calls: unknown[][] } }): string[] {
  return spy.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('"level":"error"'));
}

describe("output downloads in real mode", () => {
  it("outputs served from MODELSLAB_BASE_URL's origin (loopback, plain http) are downloaded", async () => {
    const { deps, face } = await realMode();
    const { generation } = await createGeneration(deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null });
    expect(generation.status).toBe("succeeded");
    expect(await listOutputs(deps.db, generation.id)).toHaveLength(1);
  });

  it("outputs on another private origin not in MODELSLAB_OUTPUT_ORIGINS: failed at once with the plain message, never fetched, not retried, one error line", async () => {
    const { h, deps, face } = await realMode({}, { sim: { mode: "queued", completeAfterMs: 100 } });
    const foreign = await bucket(() => h.sim.origin);
    h.sim.setOptions({ outputOrigin: foreign.origin });
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { generation } = await createGeneration(deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null });
    const later = { ...deps, now: () => Date.now() + 5_000 };
    const ended = await waitForEnd(() => later, generation.id, () => advanceGeneration(later, generation.id));
    expect(ended).toMatchObject({ status: "failed", failureReason: "output_refused", failureMessage: REFUSED });
    expect(foreign.hits).toEqual([]);
    // Not retried: later checks change nothing and ask the upstream nothing more.
    const fetches = h.sim.stats().fetchCalls;
    await advanceGeneration({ ...deps, now: () => Date.now() + 60_000 }, generation.id);
    await sleep(50);
    expect(h.sim.stats().fetchCalls).toBe(fetches);
    expect(h.sim.stats().makeGenCalls).toBe(1);
    expect((await getGeneration(deps.db, generation.id))?.status).toBe("failed");
    const lines = errorLines(errors);
    expect(lines).toHaveLength(1);
    const host = new URL(foreign.origin).host;
    expect(lines[0]).toContain('"event":"output_url_refused"');
    expect(lines[0]).toContain(`"host":"${host}"`);
    expect(lines[0]).toContain("MODELSLAB_OUTPUT_ORIGINS");
    expect(lines[0]).toContain(`add ${foreign.origin} to MODELSLAB_OUTPUT_ORIGINS`);
    expect(lines[0]).not.toContain(KEY);
    expect(lines[0]).not.toContain("/temp/");
  });

  it("outputs on an origin listed in MODELSLAB_OUTPUT_ORIGINS (e.g. the bucket named in update_s3) are downloaded", async () => {
    const { h: harness, face } = await realMode();
    const own = await bucket(() => harness.sim.origin);
    harness.sim.setOptions({ outputOrigin: own.origin });
    const config = parseConfig({ MODELSLAB_API_KEY: KEY, MODELSLAB_BASE_URL: harness.sim.baseUrl, MODELSLAB_OUTPUT_ORIGINS: `https://cdn.example.com, ${own.origin}/` });
    const deps = harness.use({ upstream: createUpstream(config) });
    const { generation } = await createGeneration(deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null });
    expect(generation.status).toBe("succeeded");
    expect(own.hits).toHaveLength(1);
  });

  it("a trusted origin that redirects to an untrusted private one is judged by where it points: refused", async () => {
    const { h, face } = await realMode();
    const elsewhere = await bucket(() => h.sim.origin);
    const redirector = await bucket(() => elsewhere.origin, true);
    h.sim.setOptions({ outputOrigin: redirector.origin });
    const config = parseConfig({ MODELSLAB_API_KEY: KEY, MODELSLAB_BASE_URL: h.sim.baseUrl, MODELSLAB_OUTPUT_ORIGINS: redirector.origin });
    const deps = h.use({ upstream: createUpstream(config), config: { ...h.deps.config, mode: "real" } });
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { generation } = await createGeneration(deps, { ownerId: OWNER, input: params(face.id), idempotencyKey: null });
    expect(generation).toMatchObject({ status: "failed", failureReason: "output_refused", failureMessage: REFUSED });
    expect(redirector.hits).toHaveLength(1);
    expect(elsewhere.hits).toEqual([]);
  });
});
