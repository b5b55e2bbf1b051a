import { describe, expect, it } from "vitest";
import { normalizeFetch } from "./normalize-fetch";

const KEY = "sk-secret-abc123";
const ID = "12202888";

type Row = [name: string, status: number, body: unknown, expected: Record<string, unknown>];

const rows: Row[] = [
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
  ["404 without body", 404, "", { kind: "failed", reason: "not_found" }],
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
  it.each(rows)("%s", (_name, status, body, expected) => {
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
