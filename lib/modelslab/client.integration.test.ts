// @vitest-environment node
// The real client against the real simulator on loopback: the same code path as production.
import { readFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { afterEach, beforeAll, afterAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "@/simulator/server";
import { createModelsLabClient } from "./client";
import { OutputDownloadError } from "./failures";
import { startTestServer, type TestServer } from "@/test/loopback-server";
import type { FetchResult, MakeGenInput, ModelsLabClientOptions } from "./types";

const KEY = "simulator-key";
let faceServer: TestServer;
let faceJpeg: Buffer;
let sim: RunningSimulator | null = null;

beforeAll(async () => {
  faceJpeg = await readFile(path.resolve(__dirname, "../../e2e/fixtures/faces/portrait-a.jpg"));
  faceServer = await startTestServer((_req, res) => {
    res.writeHead(200, { "content-type": "image/jpeg" });
    res.end(faceJpeg);
  });
});
afterAll(() => faceServer.close());
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function setup(simOpts: Partial<SimulatorOptions> = {}, clientOpts: Partial<ModelsLabClientOptions> = {}) {
  sim = await startSimulator({ completeAfterMs: 200, ...simOpts });
  const client = createModelsLabClient({ baseUrl: sim.baseUrl, apiKey: KEY, warmupDelayMs: 10, ...clientOpts });
  return { sim, client };
}

let counter = 0;
function input(prompt: string, extra: Partial<MakeGenInput> = {}): MakeGenInput {
  counter++;
  return {
    prompt: `${prompt} headshot #${counter}`,
    negativePrompt: "blurry",
    faceImage: { kind: "url", url: `${faceServer.origin}/face.jpg` },
    width: 256,
    height: 320,
    steps: 20,
    guidanceScale: 7.5,
    seed: 1234,
    base64: false,
    webhookUrl: null,
    trackId: `gen_${counter}`,
    ...extra,
  };
}

async function pollUntilSettled(fetchResult: (id: string) => Promise<FetchResult>, id: string, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const r = await fetchResult(id);
    if (r.kind !== "processing" || Date.now() > deadline) return r;
    await new Promise((res) => setTimeout(res, 100));
  }
}

describe("client against the simulator: happy paths", () => {
  it("sync: done with a PNG of the requested size and the seed echoed", async () => {
    const { client } = await setup();
    const result = await client.makeGen(input("[sim:sync]"));
    if (result.kind !== "done") throw new Error(`expected done, got ${JSON.stringify(result)}`);
    expect(result).toMatchObject({ seed: 1234, outputs: [{ encoding: "binary" }] });
    expect(result.upstreamId).toMatch(/^\d+$/);
    const bytes = await client.downloadOutput(result.outputs[0]!);
    expect(await sharp(bytes).metadata()).toMatchObject({ format: "png", width: 256, height: 320 });
  });

  it("sync with a base64 face: .base64 outputs decode to a PNG", async () => {
    const { client } = await setup({ mode: "sync" });
    const dataUri = `data:image/jpeg;base64,${faceJpeg.toString("base64")}`;
    const result = await client.makeGen(input("b64", { faceImage: { kind: "base64", dataUri } }));
    if (result.kind !== "done") throw new Error(`expected done, got ${JSON.stringify(result)}`);
    expect(result.outputs[0]?.encoding).toBe("base64");
    const bytes = await client.downloadOutput(result.outputs[0]!);
    expect((await sharp(bytes).metadata()).format).toBe("png");
  });

  it("queued → done by polling fetch; future links 404 until then", async () => {
    const { sim, client } = await setup({ completeAfterMs: 400 });
    const queued = await client.makeGen(input("[sim:queued]"));
    if (queued.kind !== "queued") throw new Error(`expected queued, got ${JSON.stringify(queued)}`);
    expect(queued.etaSeconds).toBeCloseTo(0.4);
    expect(queued.futureOutputs).toHaveLength(1);
    const early = await client.downloadOutput(queued.futureOutputs[0]!).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(OutputDownloadError);
    expect(await client.fetchResult(queued.upstreamId)).toEqual({ kind: "processing", upstreamId: queued.upstreamId });
    const done = await pollUntilSettled(client.fetchResult, queued.upstreamId);
    if (done.kind !== "done") throw new Error(`expected done, got ${JSON.stringify(done)}`);
    expect(done.outputs[0]?.url).toBe(queued.futureOutputs[0]?.url);
    expect((await sharp(await client.downloadOutput(done.outputs[0]!)).metadata()).width).toBe(256);
    expect(sim.stats().makeGenCalls).toBe(1);
  });

  it("queued → failed", async () => {
    const { client } = await setup();
    const queued = await client.makeGen(input("[sim:fail]"));
    if (queued.kind !== "queued") throw new Error("expected queued");
    const failed = await pollUntilSettled(client.fetchResult, queued.upstreamId);
    expect(failed).toMatchObject({ kind: "failed", reason: "unknown", retryable: false, message: "The generation failed: Processing failed: simulated model error" });
  });

  it("messege: the legacy spelling is read on queued and failed answers", async () => {
    const { client } = await setup();
    const queued = await client.makeGen(input("[sim:messege] [sim:fail]"));
    if (queued.kind !== "queued") throw new Error("expected queued");
    const failed = await pollUntilSettled(client.fetchResult, queued.upstreamId);
    expect(failed).toMatchObject({ kind: "failed", message: "The generation failed: Processing failed: simulated model error" });
    const refused = await client.makeGen(input("[sim:messege]", { width: 4096 }));
    expect(refused).toMatchObject({ kind: "failed", reason: "invalid_request", message: "The request was refused: The width must not be greater than 2048." });
  });

  it("stuck: stays processing", async () => {
    const { client } = await setup({ completeAfterMs: 50 });
    const queued = await client.makeGen(input("[sim:stuck]"));
    if (queued.kind !== "queued") throw new Error("expected queued");
    await new Promise((r) => setTimeout(r, 300));
    expect(await client.fetchResult(queued.upstreamId)).toEqual({ kind: "processing", upstreamId: queued.upstreamId });
  });

  it("expired: fetch says not_found and the download is a 404 marked expired", async () => {
    const { client } = await setup({ mode: "sync", retentionMs: 400 });
    const done = await client.makeGen(input("expire"));
    if (done.kind !== "done" || done.upstreamId === null) throw new Error("expected done");
    await new Promise((r) => setTimeout(r, 500));
    expect(await client.fetchResult(done.upstreamId)).toMatchObject({ kind: "failed", reason: "not_found" });
    const error = await client.downloadOutput(done.outputs[0]!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputDownloadError);
    expect(error).toMatchObject({ status: 404, expired: true });
  });

  it("systemDetails", async () => {
    const { client } = await setup();
    expect(await client.systemDetails()).toMatchObject({ ok: true });
  });
});

describe("client against the simulator: failures", () => {
  it("429 over the queue limit, with retry_after", async () => {
    const { client } = await setup({ queueLimit: 1 });
    expect((await client.makeGen(input("[sim:stuck]"))).kind).toBe("queued");
    expect(await client.makeGen(input("second"))).toMatchObject({
      kind: "failed", reason: "rate_limited", retryAfterSeconds: 30, message: "Busy — try again in 30 s.", retryable: true,
    });
  });

  it("forced 429", async () => {
    const { client } = await setup();
    expect(await client.makeGen(input("[sim:429]"))).toMatchObject({ reason: "rate_limited", retryAfterSeconds: 30 });
  });

  it.each(["200", "4xx"] as const)("bad key (errorStyle %s) → invalid_key, key not echoed", async (errorStyle) => {
    const { client } = await setup({ errorStyle }, { apiKey: "not-the-key-XYZ" });
    const made = await client.makeGen(input("badkey"));
    const results = [made, await client.fetchResult("1"), await client.systemDetails()];
    for (const r of results) {
      expect(r).toMatchObject({ kind: "failed", reason: "invalid_key", message: "The API key is not valid." });
      expect(JSON.stringify(r)).not.toContain("not-the-key-XYZ");
    }
    if (made.kind === "failed") expect(made.detail).toMatch(errorStyle === "4xx" ? /^HTTP 401/ : /^HTTP 200/);
  });

  it.each(["200", "4xx"] as const)("402 (errorStyle %s) → insufficient_credits", async (errorStyle) => {
    const { client } = await setup({ errorStyle });
    expect(await client.makeGen(input("[sim:402]"))).toMatchObject({
      kind: "failed", reason: "insufficient_credits", message: "Out of credits — add credits to your ModelsLab account.", retryable: false,
    });
  });

  it("try-again=2 is resubmitted and succeeds on the third call", async () => {
    const { sim, client } = await setup({ mode: "sync" });
    const result = await client.makeGen(input("[sim:try-again=2]"));
    expect(result.kind).toBe("done");
    expect(sim.stats().makeGenCalls).toBe(3);
  });

  it("try-again beyond warmupRetries fails with the warm-up message after a bounded number of calls", async () => {
    const { sim, client } = await setup({}, { warmupRetries: 2 });
    const result = await client.makeGen(input("[sim:try-again=9]"));
    expect(result).toMatchObject({ kind: "failed", reason: "unavailable", message: "The model is warming up. Please try again in a minute." });
    expect(sim.stats().makeGenCalls).toBe(3);
  });

  it.each([["500"], ["503"]])("HTTP %s → unavailable, retryable, not resubmitted", async (code) => {
    const { sim, client } = await setup();
    expect(await client.makeGen(input(`[sim:${code}]`))).toMatchObject({ kind: "failed", reason: "unavailable", retryable: true, ambiguous: false });
    expect(sim.stats().makeGenCalls).toBe(1);
  });

  it("garbage on make_gen is ambiguous; on fetch it is transient", async () => {
    const { sim } = await setup();
    const client = createModelsLabClient({ baseUrl: sim.baseUrl, apiKey: KEY });
    expect(await client.makeGen(input("[sim:garbage]"))).toMatchObject({ kind: "failed", reason: "unknown", ambiguous: true, retryable: false });
    const withHeader = ((url, init) =>
      fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), "x-sim-fault": "garbage" } })) as typeof fetch;
    const fetchClient = createModelsLabClient({ baseUrl: sim.baseUrl, apiKey: KEY, fetchImpl: withHeader });
    expect(await fetchClient.fetchResult("1")).toMatchObject({ kind: "failed", reason: "unavailable", retryable: true });
  });

  it("hang → timeout, ambiguous, sent once", async () => {
    const { sim, client } = await setup({}, { timeoutMs: 300 });
    expect(await client.makeGen(input("[sim:hang]"))).toMatchObject({ kind: "failed", reason: "timeout", ambiguous: true, retryable: false });
    expect(sim.stats().makeGenCalls).toBe(1);
  });

  it("unknown id → not_found (404 and 200 styles)", async () => {
    const { sim, client } = await setup();
    expect(await client.fetchResult("999999")).toMatchObject({ kind: "failed", reason: "not_found" });
    sim.setOptions({ unknownIdStatus: 200 });
    expect(await client.fetchResult("999999")).toMatchObject({ kind: "failed", reason: "not_found" });
  });

  it("unreachable face URL → invalid_request with the upstream's reason", async () => {
    const { client } = await setup();
    const result = await client.makeGen(input("noface", { faceImage: { kind: "url", url: "https://example.invalid/face.jpg" } }));
    expect(result).toMatchObject({ reason: "invalid_request", message: "The request was refused: Unable to fetch image from provided URL" });
  });
});
