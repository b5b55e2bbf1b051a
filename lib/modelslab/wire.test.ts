// The wire reader's spec, table-driven from the documented and observed upstream shapes (§ = the ModelsLab
// API notes). make_gen, fetch and webhook answers go through the same reader; each table pins its call's rules.
import { describe, expect, it } from "vitest";
import { normalizeFetch, normalizeMakeGen, normalizeSystemDetails, parseWebhook } from "./wire";

const KEY = "sk-secret-abc123";

type AnswerRow = [name: string, status: number, body: unknown, expected: Record<string, unknown>];

// ---------------------------------------------------------------------------------------------------------
// make_gen answers

// §2.1: the original enterprise flux_headshot success example.
const DOC_SUCCESS = {
  status: "success",
  generationTime: 7.358,
  id: 32,
  output: ["https://pub-x.r2.dev/temp/8c3ef6ea-0.png"],
  proxy_links: ["https://cdn2.stablediffusionapi.com/temp/8c3ef6ea-0.png"],
  meta: {
    base64: "no", face_image: "https://example.com/face.jpg", file_prefix: "8c3ef6ea", guidance_scale: 7.5,
    height: 512, width: 512, negative_prompt: "ugly", num_inference_steps: 21, prompt: "pretty woman",
    samples: 1, seed: 4029484891, temp: "yes",
  },
};

// §2.2: the v6 sibling's processing example.
const DOC_PROCESSING = {
  status: "processing",
  tip: "Your image is processing in background, you can get this image using fetch API",
  eta: 5,
  message: "Try to fetch request after seconds estimated",
  fetch_result: "https://modelslab.com/api/v6/image_editing/fetch/32",
  id: 32,
  output: [],
  future_links: ["https://pub-x.r2.dev/generations/0817c993.png"],
  proxy_links: [],
  meta: { ...DOC_SUCCESS.meta },
};

const UNAVAILABLE = "The image service is unavailable right now. Please try again shortly.";
const WARMUP = "The model is warming up. Please try again in a minute.";


const makeGenRows: AnswerRow[] = [
  ["§2.1 success", 200, DOC_SUCCESS, {
    kind: "done", upstreamId: "32", seed: 4029484891, generationTimeSeconds: 7.358,
    outputs: [{ url: "https://pub-x.r2.dev/temp/8c3ef6ea-0.png", encoding: "binary" }],
  }],
  ["§2.2 processing", 200, DOC_PROCESSING, {
    kind: "queued", upstreamId: "32", etaSeconds: 5, seed: 4029484891,
    futureOutputs: [{ url: "https://pub-x.r2.dev/generations/0817c993.png", encoding: "binary" }],
  }],
  ["processing with messege, string id, float eta string", 200,
    { status: "processing", messege: "Try to fetch request after given estimated time", id: "77", eta: "2.75", output: [], future_links: [], meta: { seed: "99" } },
    { kind: "queued", upstreamId: "77", etaSeconds: 2.75, futureOutputs: [], seed: 99 }],
  ["processing with float eta", 200, { status: "processing", id: 5, eta: 2.75 }, { kind: "queued", etaSeconds: 2.75, seed: null }],
  ["queued status word", 200, { status: "queued", id: 6 }, { kind: "queued", upstreamId: "6", etaSeconds: null }],
  ["numbers as strings", 200, { status: "success", id: "32", generationTime: "7.3", output: ["https://h.test/a.png"], meta: { seed: "4029484891" } },
    { kind: "done", upstreamId: "32", generationTimeSeconds: 7.3, seed: 4029484891 }],
  [".base64 outputs", 200, { status: "success", id: 1, output: ["https://pub.r2.dev/temp/u-0.base64"], meta: { seed: 1 } },
    { kind: "done", outputs: [{ url: "https://pub.r2.dev/temp/u-0.base64", encoding: "base64" }] }],
  [".base64 future_links", 200, { status: "processing", id: 2, future_links: ["https://s3.test/m/u-0.BASE64"] },
    { kind: "queued", futureOutputs: [{ url: "https://s3.test/m/u-0.BASE64", encoding: "base64" }] }],
  ["success with output \"\" is still running", 200, { status: "success", id: 9, output: "" }, { kind: "queued", upstreamId: "9" }],
  ["id only in fetch_result", 200, { status: "processing", fetch_result: "https://modelslab.com/api/v6/x/fetch/147" },
    { kind: "queued", upstreamId: "147" }],
  ["success with empty output and no id", 200, { status: "success", output: [] },
    { kind: "failed", reason: "unknown", ambiguous: true, retryable: false }],
  ["success with a missing meta.seed", 200, { status: "success", id: 3, output: ["https://h.test/a.png"] }, { kind: "done", seed: null, generationTimeSeconds: null }],
  ["§2.3 documented error shape", 200, { status: "error", message: "Error message" },
    { kind: "failed", reason: "invalid_request", message: "The request was refused: Error message", retryable: false, ambiguous: false }],
  ["legacy messege error", 200, { status: "error", messege: "The prompt field is required." },
    { kind: "failed", reason: "invalid_request", message: "The request was refused: The prompt field is required." }],
  ["validation with 400", 400, { status: "error", message: "prompt is required" },
    { kind: "failed", reason: "invalid_request", message: "The request was refused: prompt is required" }],
  ["bad image URL", 200, { status: "error", message: "Unable to fetch image from provided URL" },
    { kind: "failed", reason: "invalid_request", message: "The request was refused: Unable to fetch image from provided URL" }],
  ["premium 403", 403, { status: "error", message: "This feature requires a premium subscription" },
    { kind: "failed", reason: "invalid_request", retryable: false }],
  ["invalid key 200", 200, { status: "error", message: "Invalid API key" },
    { kind: "failed", reason: "invalid_key", message: "The API key is not valid.", retryable: false }],
  ["invalid key 401", 401, { status: "error", messege: "Unauthorized" }, { kind: "failed", reason: "invalid_key" }],
  ["401 with HTML", 401, "<html><body>401</body></html>", { kind: "failed", reason: "invalid_key" }],
  ["credits 402", 402, { status: "error", message: "Insufficient credits. Please add more credits to continue." },
    { kind: "failed", reason: "insufficient_credits", message: "Out of credits — add credits to your ModelsLab account.", retryable: false }],
  ["credits as 200", 200, { status: "error", message: "Insufficient credits. Please add more credits to continue." },
    { kind: "failed", reason: "insufficient_credits" }],
  ["§5 rate limit 429", 429, { status: "error", message: "Rate limit exceeded. Maximum 5 queued requests allowed.", retry_after: 30 },
    { kind: "failed", reason: "rate_limited", retryAfterSeconds: 30, message: "Busy — try again in 30 s.", retryable: true }],
  ["429 retry_after as string", 429, { status: "error", message: "slow down", retry_after: "12" }, { reason: "rate_limited", retryAfterSeconds: 12 }],
  ["429 fractional retry_after rounds up", 429, { status: "error", messege: "x", retry_after: 2.5 }, { retryAfterSeconds: 3, message: "Busy — try again in 3 s." }],
  ["429 without retry_after", 429, "", { reason: "rate_limited", retryAfterSeconds: null }],
  ["rate limit message on 200", 200, { status: "error", message: "Rate limit exceeded." }, { reason: "rate_limited" }],
  ["500 JSON", 500, { status: "error", message: "Internal server error. Please try again." },
    { kind: "failed", reason: "unavailable", message: UNAVAILABLE, retryable: true, ambiguous: false }],
  ["503 JSON", 503, { status: "error", message: "Service temporarily unavailable. Please try again later." }, { reason: "unavailable", retryable: true }],
  ["502 HTML", 502, "<!DOCTYPE html><html><body>Bad gateway</body></html>", { reason: "unavailable" }],
  ["200 unavailable message", 200, { status: "error", message: "Service temporarily unavailable." }, { reason: "unavailable" }],
  ["warm-up Try Again", 200, { status: "error", message: "Try Again" }, { kind: "failed", reason: "unavailable", message: WARMUP, retryable: true }],
  ["warm-up lower case messege", 200, { status: "error", messege: "try again" }, { reason: "unavailable", message: WARMUP }],
  ["warm-up with status failed", 200, { status: "failed", message: "TRY AGAIN." }, { reason: "unavailable", message: WARMUP }],
  ["failed job", 200, { status: "failed", id: 4, messege: "Processing failed: out of memory" },
    { kind: "failed", reason: "unknown", message: "The generation failed: Processing failed: out of memory", retryable: false }],
  ["200 HTML page is ambiguous", 200, "<html><head></head><body>hi</body></html>",
    { kind: "failed", reason: "unknown", ambiguous: true, retryable: false }],
  ["200 empty body is ambiguous", 200, "", { reason: "unknown", ambiguous: true }],
  ["200 garbage is ambiguous", 200, "}{not json", { reason: "unknown", ambiguous: true }],
  ["200 JSON array", 200, [1, 2], { reason: "unknown", ambiguous: true }],
  ["200 unknown status", 200, { status: "weird", id: 1 }, { reason: "unknown", ambiguous: true }],
];

describe("normalizeMakeGen", () => {
  it.each(makeGenRows)("%s", (_name, status, body, expected) => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    const result = normalizeMakeGen(status, text, { key: KEY });
    expect(result).toMatchObject(expected);
    if (result.kind === "failed") {
      expect(result.detail.startsWith(`HTTP ${status}: `)).toBe(true);
      if (result.reason !== "rate_limited") expect(result.retryAfterSeconds).toBeNull();
    }
  });

  it("redacts the key from message and detail, even when the upstream echoes it", () => {
    const text = JSON.stringify({ status: "error", message: `Bad field for key ${KEY}`, key: KEY });
    const result = normalizeMakeGen(200, text, { key: KEY });
    expect(JSON.stringify(result)).not.toContain(KEY);
    expect(result).toMatchObject({ reason: "invalid_request", message: "The request was refused: Bad field for key [redacted]" });
    expect(result.kind === "failed" && result.detail).toContain("[redacted]");
  });

  it("trims the detail excerpt to 300 characters, redacting before the cut", () => {
    const text = `${"x".repeat(295)}${KEY}${"y".repeat(1000)}`;
    const result = normalizeMakeGen(500, text, { key: KEY });
    if (result.kind !== "failed") throw new Error("expected failure");
    expect(result.detail).not.toContain(KEY.slice(0, 5));
    expect(result.detail.length).toBeLessThanOrEqual("HTTP 500: ".length + 301);
  });

  it("ignores fetch_result as a URL", () => {
    const result = normalizeMakeGen(200, JSON.stringify(DOC_PROCESSING));
    expect(JSON.stringify(result)).not.toContain("api/v6");
  });
});

// ---------------------------------------------------------------------------------------------------------
// fetch/{id} answers

const ID = "12202888";

const fetchRows: AnswerRow[] = [
  ["§2.4 success", 200, { status: "success", id: 12202888, output: ["https://pub-x.r2.dev/generations/e5cd86d3-0.png"] },
    { kind: "done", upstreamId: ID, outputs: [{ url: "https://pub-x.r2.dev/generations/e5cd86d3-0.png", encoding: "binary" }], seed: null }],
  ["success with proxy_links and string id", 200,
    { status: "success", id: "12202888", output: ["https://a.test/x-0.png"], proxy_links: ["https://cdn.test/x-0.png"] },
    { kind: "done", upstreamId: ID, outputs: [{ url: "https://a.test/x-0.png", encoding: "binary" }] }],
  ["success falls back to proxy_links", 200, { status: "success", id: 1, output: [], proxy_links: ["https://cdn.test/y.png"] },
    { kind: "done", upstreamId: "1", outputs: [{ url: "https://cdn.test/y.png", encoding: "binary" }] }],
  ["success without id uses the asked id", 200, { status: "success", output: ["https://a.test/z.png"] }, { kind: "done", upstreamId: ID }],
  ["success .base64", 200, { status: "success", id: 3, output: ["https://a.test/temp/u-0.base64"] },
    { kind: "done", outputs: [{ url: "https://a.test/temp/u-0.base64", encoding: "base64" }] }],
  ["success with output as a single string", 200, { status: "success", id: 3, output: "https://a.test/s.png" },
    { kind: "done", outputs: [{ url: "https://a.test/s.png", encoding: "binary" }] }],
  ["success with non-URL outputs only", 200, { status: "success", id: 3, output: ["not a url", 5] }, { kind: "processing", upstreamId: ID }],
  ["§2.4 processing: output is \"\"", 200,
    { status: "processing", message: "try again later.", output: "", tip: "Get 20x faster image generation using enterprise plan." },
    { kind: "processing", upstreamId: ID }],
  ["legacy processing with messege", 200, { status: "processing", messege: "try again later.", output: "" }, { kind: "processing" }],
  ["success with empty output array", 200, { status: "success", output: [] }, { kind: "processing", upstreamId: ID }],
  ["warm-up Try Again while polling", 200, { status: "error", message: "Try Again" }, { kind: "processing", upstreamId: ID }],
  ["failed job with messege", 200, { status: "failed", id: 1, messege: "Processing failed: NSFW" },
    { kind: "failed", reason: "unknown", message: "The generation failed: Processing failed: NSFW", retryable: false, ambiguous: false }],
  ["error job", 200, { status: "error", message: "Generation crashed" }, { kind: "failed", reason: "unknown", retryable: false }],
  ["404 unknown id", 404, { status: "error", message: "ID does not exist or is not queued" },
    { kind: "failed", reason: "not_found", retryable: false }],
  // A bare 404 (a gateway, a wrong path) says nothing about the job: not reported as "not found / expired".
  ["404 without body", 404, "", { kind: "failed", reason: "invalid_request", message: "The request was refused: HTTP 404" }],
  ["200 not found message", 200, { status: "error", messege: "Request not found" }, { reason: "not_found" }],
  ["200 expired message", 200, { status: "error", message: "Job expired" }, { reason: "not_found" }],
  ["401 invalid key", 401, { status: "error", message: "Invalid API key" }, { reason: "invalid_key", message: "The API key is not valid." }],
  ["invalid key on 200", 200, { status: "error", message: "Invalid API key" }, { reason: "invalid_key" }],
  ["429", 429, { status: "error", message: "Rate limit exceeded.", retry_after: "7" }, { reason: "rate_limited", retryAfterSeconds: 7, retryable: true }],
  ["500", 500, { status: "error", message: "Internal server error. Please try again." }, { reason: "unavailable", retryable: true }],
  ["503 HTML", 503, "<html>down</html>", { reason: "unavailable", retryable: true }],
  ["200 garbage can be polled again", 200, "garbage%%", { reason: "unavailable", retryable: true, ambiguous: false }],
  ["200 empty body", 200, "", { reason: "unavailable", retryable: true }],
  ["200 unknown status", 200, { status: "weird" }, { reason: "unknown", retryable: true }],
];

describe("normalizeFetch", () => {
  it.each(fetchRows)("%s", (_name, status, body, expected) => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    const result = normalizeFetch(status, text, { upstreamId: ID, key: KEY });
    expect(result).toMatchObject(expected);
    if (result.kind === "failed") expect(result.detail.startsWith(`HTTP ${status}: `)).toBe(true);
  });

  it("never carries the key", () => {
    const text = JSON.stringify({ status: "failed", message: `key ${KEY} died`, output: [] });
    expect(JSON.stringify(normalizeFetch(200, text, { upstreamId: ID, key: KEY }))).not.toContain(KEY);
  });
});

// ---------------------------------------------------------------------------------------------------------
// webhook calls

type WebhookRow = [name: string, json: unknown, expected: Record<string, unknown>];

const webhookRows: WebhookRow[] = [
  ["§3 success", {
    status: "success", id: "991", output: ["https://pub.test/temp/a-0.png"], generationTime: 45.2, track_id: "gen_1",
    meta: { seed: 42 },
  }, {
    trackId: "gen_1", upstreamId: "991",
    result: { kind: "done", upstreamId: "991", outputs: [{ url: "https://pub.test/temp/a-0.png", encoding: "binary" }], seed: 42, generationTimeSeconds: 45.2 },
  }],
  ["success mirrors make_gen with int id and numeric track_id", {
    status: "success", id: 32, generationTime: "7.358", output: ["https://pub.test/temp/b-0.base64"], proxy_links: [], track_id: 123,
    meta: { seed: "4029484891", base64: "yes" },
  }, {
    trackId: "123", upstreamId: "32",
    result: { kind: "done", seed: 4029484891, generationTimeSeconds: 7.358, outputs: [{ url: "https://pub.test/temp/b-0.base64", encoding: "base64" }] },
  }],
  ["§3 failure with message", { status: "failed", id: "992", message: "Processing failed: timeout", track_id: "gen_2" }, {
    trackId: "gen_2", upstreamId: "992",
    result: { kind: "failed", reason: "unknown", message: "The generation failed: Processing failed: timeout", retryable: false },
  }],
  ["failure with messege", { status: "failed", id: 993, messege: "boom", track_id: "gen_3" },
    { trackId: "gen_3", result: { kind: "failed", message: "The generation failed: boom" } }],
  ["error status", { status: "error", id: 994, message: "Out of credits", track_id: "t" },
    { result: { kind: "failed", reason: "insufficient_credits" } }],
  ["processing", { status: "processing", id: 995, track_id: "t" }, { upstreamId: "995", result: { kind: "processing", upstreamId: "995" } }],
  ["success without outputs", { status: "success", id: 996, output: "" }, { result: { kind: "processing", upstreamId: "996" } }],
  ["not an object", "hello", { trackId: null, upstreamId: null, result: { kind: "failed", reason: "unknown" } }],
  ["null", null, { trackId: null, upstreamId: null, result: { kind: "failed" } }],
  ["no status", { id: 1, track_id: "x" }, { trackId: "x", result: { kind: "failed", reason: "unknown" } }],
];

describe("parseWebhook", () => {
  it.each(webhookRows)("%s", (_name, json, expected) => {
    expect(parseWebhook(json)).toMatchObject(expected);
  });

  it("redacts the key if a payload echoes it", () => {
    const event = parseWebhook({ status: "failed", id: 1, message: "bad key sk-1", key: "sk-1", track_id: "t" }, { key: "sk-1" });
    expect(JSON.stringify(event)).not.toContain("sk-1");
  });
});

// ---------------------------------------------------------------------------------------------------------
// system_details answers

type SystemRow = [name: string, status: number, body: string, expected: Record<string, unknown>];

const systemRows: SystemRow[] = [
  ["old page: status ok", 200, '{"model_count":0,"queue_time":0,"status":"ok"}', { ok: true, queueTimeSeconds: 0, modelCount: 0 }],
  ["OpenAPI: status success, strings", 200, '{"status":"success","model_count":"2","queue_time":"12.5"}', { ok: true, queueTimeSeconds: 12.5, modelCount: 2 }],
  ["missing numbers", 200, '{"status":"ok"}', { ok: true, queueTimeSeconds: null, modelCount: null }],
  ["401", 401, '{"status":"error","message":"Invalid API key"}', { kind: "failed", reason: "invalid_key" }],
  ["200 invalid key", 200, '{"status":"error","messege":"Invalid API key"}', { kind: "failed", reason: "invalid_key" }],
  ["503", 503, "Service Unavailable", { kind: "failed", reason: "unavailable" }],
  ["garbage", 200, "<html></html>", { kind: "failed", reason: "unavailable", ambiguous: false, retryable: true }],
];

describe("normalizeSystemDetails", () => {
  it.each(systemRows)("%s", (_name, status, body, expected) => {
    expect(normalizeSystemDetails(status, body, { key: "k" })).toMatchObject(expected);
  });
});
