import "server-only";
import type { FetchResult } from "./types";
import { classifyFailure, isWarmupAnswer } from "./classify-failure";
import { readOutputs } from "./outputs";
import { redactDeep } from "./redact";
import { parseJsonObject, readNumber, readStatus, readUpstreamId, readSeed } from "./wire-values";

const RUNNING = new Set(["processing", "queued", "pending"]);

/**
 * Turns a fetch/{id} answer into the app's union. `upstreamId` is the id we asked about:
 * the processing body carries no id of its own.
 */
export function normalizeFetch(
  httpStatus: number,
  rawText: string,
  opts: { upstreamId: string; key?: string },
): FetchResult {
  const key = opts.key ?? "";
  const body = parseJsonObject(rawText);
  const status = body === null ? null : readStatus(body);
  const ok = httpStatus >= 200 && httpStatus < 300;
  const processing = { kind: "processing", upstreamId: opts.upstreamId } as const;

  if (body !== null && ok && status === "success") {
    const outputs = readOutputs(body);
    if (outputs.length === 0) return redactDeep(processing, key);
    const generationTimeSeconds = readNumber(body.generationTime) ?? readNumber(body.generation_time);
    const upstreamId = readUpstreamId(body) ?? opts.upstreamId;
    return redactDeep({ kind: "done", upstreamId, outputs, seed: readSeed(body), generationTimeSeconds }, key);
  }
  if (body !== null && ok && status !== null && RUNNING.has(status)) return redactDeep(processing, key);
  // Fetch can briefly answer "Try Again" while the job carries on; it is not a failure of the job.
  if (ok && isWarmupAnswer(body)) return redactDeep(processing, key);
  return classifyFailure({ httpStatus, body, rawText, key, context: "fetch" });
}
