import { describe, expect, it } from "vitest";
import { parseWebhook } from "./parse-webhook";

type Row = [name: string, json: unknown, expected: Record<string, unknown>];

const rows: Row[] = [
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
  it.each(rows)("%s", (_name, json, expected) => {
    expect(parseWebhook(json)).toMatchObject(expected);
  });

  it("redacts the key if a payload echoes it", () => {
    const event = parseWebhook({ status: "failed", id: 1, message: "bad key sk-1", key: "sk-1", track_id: "t" }, { key: "sk-1" });
    expect(JSON.stringify(event)).not.toContain("sk-1");
  });
});
