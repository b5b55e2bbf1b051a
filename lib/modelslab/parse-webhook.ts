import "server-only";
import type { WebhookEvent } from "./types";
import { classifyFailure } from "./classify-failure";
import { readOutputs } from "./outputs";
import { redactDeep } from "./redact";
import { isRecord, readId, readNumber, readStatus, readUpstreamId, readSeed } from "./wire-values";

const RUNNING = new Set(["processing", "queued", "pending"]);

function rawOf(json: unknown): string {
  try {
    return JSON.stringify(json) ?? "";
  } catch {
    return "";
  }
}

/**
 * Normalises a webhook call. Success mirrors the make_gen success body plus `track_id`;
 * failure is `{status:"failed", id, message|messege, track_id}`. Nothing here proves the call is genuine.
 */
export function parseWebhook(json: unknown, opts: { key?: string } = {}): WebhookEvent {
  const key = opts.key ?? "";
  const body = isRecord(json) ? json : null;
  const trackId = body === null ? null : readId(body.track_id);
  const upstreamId = body === null ? null : readUpstreamId(body);
  const status = body === null ? null : readStatus(body);
  const failure = () => classifyFailure({ httpStatus: null, body, rawText: rawOf(json), key, context: "webhook" });

  if (body !== null && status === "success") {
    const outputs = readOutputs(body);
    if (outputs.length > 0) {
      const generationTimeSeconds = readNumber(body.generationTime) ?? readNumber(body.generation_time);
      const result = { kind: "done", upstreamId, outputs, seed: readSeed(body), generationTimeSeconds } as const;
      return redactDeep({ trackId, upstreamId, result }, key);
    }
  }
  if (body !== null && (status === "success" || (status !== null && RUNNING.has(status))) && upstreamId !== null) {
    return redactDeep({ trackId, upstreamId, result: { kind: "processing", upstreamId } }, key);
  }
  return redactDeep({ trackId, upstreamId, result: failure() }, key);
}
