import "server-only";
import type { MakeGenResult } from "./types";
import { classifyFailure } from "./classify-failure";
import { readOutputList, readOutputs } from "./outputs";
import { redactDeep } from "./redact";
import { parseJsonObject, readNumber, readStatus, readUpstreamId, readSeed } from "./wire-values";

const RUNNING = new Set(["processing", "queued", "pending"]);

function isOk(httpStatus: number): boolean {
  return httpStatus >= 200 && httpStatus < 300;
}

/** Turns a make_gen answer (any HTTP status, any body) into the app's union. */
export function normalizeMakeGen(httpStatus: number, rawText: string, opts: { key?: string } = {}): MakeGenResult {
  const key = opts.key ?? "";
  const body = parseJsonObject(rawText);
  const status = body === null ? null : readStatus(body);
  const unreadable = () => classifyFailure({ httpStatus, body: null, rawText, key, context: "make_gen" });

  if (body !== null && isOk(httpStatus) && (status === "success" || (status !== null && RUNNING.has(status)))) {
    const upstreamId = readUpstreamId(body);
    const seed = readSeed(body);
    const outputs = status === "success" ? readOutputs(body) : [];
    if (outputs.length > 0) {
      const generationTimeSeconds = readNumber(body.generationTime) ?? readNumber(body.generation_time);
      return redactDeep({ kind: "done", upstreamId, outputs, seed, generationTimeSeconds }, key);
    }
    // Success without outputs is treated as still running: the id is all we can follow.
    if (upstreamId === null) return unreadable();
    const eta = readNumber(body.eta);
    return redactDeep(
      {
        kind: "queued",
        upstreamId,
        etaSeconds: eta !== null && eta >= 0 ? eta : null,
        futureOutputs: readOutputList(body.future_links),
        seed,
      },
      key,
    );
  }
  return classifyFailure({ httpStatus, body, rawText, key, context: "make_gen" });
}
