import { describe, expect, it } from "vitest";
import { normalizeSystemDetails } from "./normalize-system-details";

type Row = [name: string, status: number, body: string, expected: Record<string, unknown>];

const rows: Row[] = [
  ["old page: status ok", 200, '{"model_count":0,"queue_time":0,"status":"ok"}', { ok: true, queueTimeSeconds: 0, modelCount: 0 }],
  ["OpenAPI: status success, strings", 200, '{"status":"success","model_count":"2","queue_time":"12.5"}', { ok: true, queueTimeSeconds: 12.5, modelCount: 2 }],
  ["missing numbers", 200, '{"status":"ok"}', { ok: true, queueTimeSeconds: null, modelCount: null }],
  ["401", 401, '{"status":"error","message":"Invalid API key"}', { kind: "failed", reason: "invalid_key" }],
  ["200 invalid key", 200, '{"status":"error","messege":"Invalid API key"}', { kind: "failed", reason: "invalid_key" }],
  ["503", 503, "Service Unavailable", { kind: "failed", reason: "unavailable" }],
  ["garbage", 200, "<html></html>", { kind: "failed", reason: "unavailable", ambiguous: false, retryable: true }],
];

describe("normalizeSystemDetails", () => {
  it.each(rows)("%s", (_name, status, body, expected) => {
    expect(normalizeSystemDetails(status, body, { key: "k" })).toMatchObject(expected);
  });
});
