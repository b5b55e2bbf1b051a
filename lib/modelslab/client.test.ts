import { afterEach, describe, expect, it } from "vitest";
import { createModelsLabClient } from "./client";
import type { MakeGenInput } from "./types";
import { startTestServer, unusedPort, type TestServer } from "@/test/loopback-server";

const KEY = "sk-live-TOPSECRET-42";
const BASE = "http://upstream.test/api/v1/enterprise/flux_headshot";

const input: MakeGenInput = {
  prompt: "a professional headshot",
  negativePrompt: "blurry",
  faceImage: { kind: "url", url: "https://faces.test/a.jpg" },
  width: 1024,
  height: 1024,
  steps: 21,
  guidanceScale: 7.5,
  seed: 42,
  base64: false,
  webhookUrl: "https://app.test/api/webhooks/modelslab/s3cr3t",
  trackId: "gen_1",
};

type Call = { url: string; init: RequestInit };

function fakeFetch(answers: Array<() => Response | Promise<Response>>) {
  const calls: Call[] = [];
  const impl = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    const next = answers[Math.min(calls.length - 1, answers.length - 1)];
    if (next === undefined) throw new Error("no answer");
    return next();
  }) as typeof fetch;
  return { impl, calls };
}

const json = (body: unknown, status = 200) => () =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe("makeGen request", () => {
  it("posts a deterministic JSON body with the key, no-store and a timeout signal", async () => {
    const fake = fakeFetch([json({ status: "processing", id: 7, eta: 3 })]);
    const client = createModelsLabClient({ baseUrl: `${BASE}/`, apiKey: KEY, fetchImpl: fake.impl });
    const first = await client.makeGen(input);
    await client.makeGen({ ...input });
    expect(first).toMatchObject({ kind: "queued", upstreamId: "7", etaSeconds: 3 });
    const [a, b] = fake.calls;
    expect(a?.url).toBe(`${BASE}/make_gen`);
    expect(a?.init.method).toBe("POST");
    expect(a?.init.cache).toBe("no-store");
    expect(a?.init.signal).toBeInstanceOf(AbortSignal);
    expect(new Headers(a?.init.headers).get("content-type")).toBe("application/json");
    expect(a?.init.body).toBe(
      `{"key":"${KEY}","prompt":"a professional headshot","negative_prompt":"blurry","face_image":"https://faces.test/a.jpg",` +
        `"width":1024,"height":1024,"num_inference_steps":21,"guidance_scale":7.5,"seed":42,"base64":false,` +
        `"webhook":"https://app.test/api/webhooks/modelslab/s3cr3t","track_id":"gen_1"}`,
    );
    expect(b?.init.body).toBe(a?.init.body);
  });

  it("forces base64 for a base64 face and omits a null webhook", async () => {
    const fake = fakeFetch([json({ status: "success", id: 1, output: ["https://o.test/x.base64"] })]);
    const client = createModelsLabClient({ baseUrl: BASE, apiKey: KEY, fetchImpl: fake.impl });
    const dataUri = "data:image/jpeg;base64,/9j/AAAA";
    const result = await client.makeGen({ ...input, faceImage: { kind: "base64", dataUri }, webhookUrl: null });
    const body = JSON.parse(String(fake.calls[0]?.init.body)) as Record<string, unknown>;
    expect(body.face_image).toBe(dataUri);
    expect(body.base64).toBe(true);
    expect("webhook" in body).toBe(false);
    expect(Object.keys(body).at(-1)).toBe("track_id");
    expect(result).toMatchObject({ kind: "done", outputs: [{ encoding: "base64" }] });
  });

  it("sends base64:true when asked even with a URL face", async () => {
    const fake = fakeFetch([json({ status: "processing", id: 1 })]);
    await createModelsLabClient({ baseUrl: BASE, apiKey: KEY, fetchImpl: fake.impl }).makeGen({ ...input, base64: true });
    expect(JSON.parse(String(fake.calls[0]?.init.body))).toMatchObject({ base64: true });
  });
});

describe("makeGen failures and retries", () => {
  it("a timeout after sending is ambiguous and never resubmitted", async () => {
    server = await startTestServer(() => undefined);
    const client = createModelsLabClient({ baseUrl: server.origin, apiKey: KEY, timeoutMs: 200 });
    const result = await client.makeGen(input);
    expect(result).toMatchObject({ kind: "failed", reason: "timeout", ambiguous: true, retryable: false, message: "The service did not answer in time." });
    await new Promise((r) => setTimeout(r, 100));
    expect(server.requests).toHaveLength(1);
  });

  it("connection refused is unavailable, not ambiguous, retryable", async () => {
    const port = await unusedPort();
    const client = createModelsLabClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: KEY });
    const result = await client.makeGen(input);
    expect(result).toMatchObject({ kind: "failed", reason: "unavailable", ambiguous: false, retryable: true });
    expect(JSON.stringify(result)).not.toContain(KEY);
  });

  it("an unknown network error after sending is ambiguous", async () => {
    const impl = (async () => {
      throw new TypeError("fetch failed", { cause: { code: "ECONNRESET" } });
    }) as typeof fetch;
    const result = await createModelsLabClient({ baseUrl: BASE, apiKey: KEY, fetchImpl: impl }).makeGen(input);
    expect(result).toMatchObject({ reason: "unavailable", ambiguous: true, retryable: false });
  });

  it("resubmits the warm-up answer at most warmupRetries times, then gives the warm-up message", async () => {
    const fake = fakeFetch([json({ status: "error", message: "Try Again" })]);
    const client = createModelsLabClient({ baseUrl: BASE, apiKey: KEY, fetchImpl: fake.impl, warmupRetries: 2, warmupDelayMs: 1 });
    const result = await client.makeGen(input);
    expect(fake.calls).toHaveLength(3);
    expect(result).toMatchObject({ kind: "failed", reason: "unavailable", message: "The model is warming up. Please try again in a minute." });
  });

  it("uses 3 warm-up retries by default and succeeds once the model is up", async () => {
    const tryAgain = json({ status: "error", messege: "try again" });
    const fake = fakeFetch([tryAgain, tryAgain, tryAgain, json({ status: "processing", id: 9 })]);
    const client = createModelsLabClient({ baseUrl: BASE, apiKey: KEY, fetchImpl: fake.impl, warmupDelayMs: 1 });
    expect(await client.makeGen(input)).toMatchObject({ kind: "queued", upstreamId: "9" });
    expect(fake.calls).toHaveLength(4);
  });

  it("waits warmupDelayMs between resubmits", async () => {
    const fake = fakeFetch([json({ status: "error", message: "Try Again" }), json({ status: "processing", id: 1 })]);
    const client = createModelsLabClient({ baseUrl: BASE, apiKey: KEY, fetchImpl: fake.impl, warmupDelayMs: 150 });
    const started = Date.now();
    await client.makeGen(input);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it.each([
    [500, { status: "error", message: "Internal server error. Please try again." }],
    [503, { status: "error", message: "Service temporarily unavailable." }],
    [429, { status: "error", message: "Rate limit exceeded.", retry_after: 30 }],
    [200, { status: "error", message: "The prompt field is required." }],
  ])("does not resubmit other errors (HTTP %i)", async (status, body) => {
    const fake = fakeFetch([json(body, status)]);
    const result = await createModelsLabClient({ baseUrl: BASE, apiKey: KEY, fetchImpl: fake.impl, warmupDelayMs: 1 }).makeGen(input);
    expect(fake.calls).toHaveLength(1);
    expect(result.kind).toBe("failed");
  });
});

describe("fetchResult and systemDetails", () => {
  it("builds the fetch URL from the id, ignoring fetch_result", async () => {
    const fake = fakeFetch([
      json({ status: "processing", id: 32, fetch_result: "https://elsewhere.test/api/v6/image_editing/fetch/32" }),
      json({ status: "success", id: 32, output: ["https://o.test/a.png"] }),
    ]);
    const client = createModelsLabClient({ baseUrl: BASE, apiKey: KEY, fetchImpl: fake.impl });
    const queued = await client.makeGen(input);
    if (queued.kind !== "queued") throw new Error("expected queued");
    const done = await client.fetchResult(queued.upstreamId);
    expect(fake.calls[1]?.url).toBe(`${BASE}/fetch/32`);
    expect(fake.calls[1]?.init.body).toBe(JSON.stringify({ key: KEY }));
    expect(fake.calls[1]?.init.cache).toBe("no-store");
    expect(done).toMatchObject({ kind: "done", upstreamId: "32" });
  });

  it("makes one call per fetchResult and escapes odd ids", async () => {
    const fake = fakeFetch([json({ status: "processing", output: "" })]);
    const client = createModelsLabClient({ baseUrl: BASE, apiKey: KEY, fetchImpl: fake.impl });
    expect(await client.fetchResult("a/b")).toEqual({ kind: "processing", upstreamId: "a/b" });
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]?.url).toBe(`${BASE}/fetch/a%2Fb`);
  });

  it("a fetch timeout is retryable and not ambiguous", async () => {
    server = await startTestServer(() => undefined);
    const result = await createModelsLabClient({ baseUrl: server.origin, apiKey: KEY, timeoutMs: 150 }).fetchResult("1");
    expect(result).toMatchObject({ reason: "timeout", retryable: true, ambiguous: false });
  });

  it("systemDetails posts the key to system_details", async () => {
    const fake = fakeFetch([json({ model_count: 1, queue_time: 4, status: "ok" })]);
    const result = await createModelsLabClient({ baseUrl: BASE, apiKey: KEY, fetchImpl: fake.impl }).systemDetails();
    expect(result).toEqual({ ok: true, queueTimeSeconds: 4, modelCount: 1 });
    expect(fake.calls[0]?.url).toBe(`${BASE}/system_details`);
    expect(fake.calls[0]?.init.body).toBe(JSON.stringify({ key: KEY }));
  });
});

describe("the key never leaks", () => {
  const echo = (status: number) => () =>
    new Response(JSON.stringify({ status: "error", message: `Invalid API key ${KEY}`, key: KEY }), { status });
  const cases: Array<[string, () => Response | Promise<Response>]> = [
    ["200 echo", echo(200)],
    ["401 echo", echo(401)],
    ["500 echo", echo(500)],
    ["429 echo", () => new Response(JSON.stringify({ status: "error", message: `limit for ${KEY}`, retry_after: 3 }), { status: 429 })],
    ["html echo", () => new Response(`<html>${KEY}</html>`, { status: 502 })],
    ["garbage echo", () => new Response(`${KEY}}}`, { status: 200 })],
    ["success echo", () => new Response(JSON.stringify({ status: "success", id: KEY, output: [`https://o.test/${KEY}.png`], meta: { key: KEY } }))],
    ["throws with key", () => Promise.reject(new TypeError(`fetch failed ${KEY}`, { cause: { code: "ECONNRESET" } }))],
  ];

  it.each(cases)("%s: no returned value contains the key", async (_name, answer) => {
    const fake = fakeFetch([answer]);
    const client = createModelsLabClient({ baseUrl: BASE, apiKey: KEY, fetchImpl: fake.impl, warmupDelayMs: 1 });
    const results = [await client.makeGen(input), await client.fetchResult("1"), await client.systemDetails()];
    for (const r of results) expect(JSON.stringify(r)).not.toContain(KEY);
  });

  it("thrown download errors do not contain the key", async () => {
    const fake = fakeFetch([() => new Response(`<html>${KEY}</html>`, { status: 404 })]);
    const client = createModelsLabClient({ baseUrl: BASE, apiKey: KEY, fetchImpl: fake.impl });
    const error: unknown = await client.downloadOutput({ url: "https://o.test/a.png", encoding: "binary" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const e = error as Error;
    expect(JSON.stringify({ ...e, message: e.message, stack: e.stack })).not.toContain(KEY);
  });
});

describe("download fetch", () => {
  it("downloads go through downloadFetchImpl when given; API calls keep fetchImpl", async () => {
    const apiCalls: string[] = [];
    const downloadCalls: string[] = [];
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
    const client = createModelsLabClient({
      baseUrl: "https://api.test/flux",
      apiKey: "k-123456",
      fetchImpl: (async (url: string | URL) => {
        apiCalls.push(String(url));
        return new Response(JSON.stringify({ status: "ok", queue_time: 0, model_count: 1 }));
      }) as typeof fetch,
      downloadFetchImpl: (async (url: string | URL) => {
        downloadCalls.push(String(url));
        return new Response(png, { headers: { "content-type": "image/png" } });
      }) as typeof fetch,
    });
    await client.systemDetails();
    await client.downloadOutput({ url: "https://cdn.test/a.png", encoding: "binary" });
    expect(apiCalls).toEqual(["https://api.test/flux/system_details"]);
    expect(downloadCalls).toEqual(["https://cdn.test/a.png"]);
  });
});
