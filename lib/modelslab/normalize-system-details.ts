import "server-only";
import type { SystemDetails } from "./types";
import { classifyFailure } from "./classify-failure";
import { parseJsonObject, readNumber, readStatus } from "./wire-values";

/** system_details answers `status:"ok"` (old page) or `status:"success"` (OpenAPI). */
export function normalizeSystemDetails(httpStatus: number, rawText: string, opts: { key?: string } = {}): SystemDetails {
  const body = parseJsonObject(rawText);
  const status = body === null ? null : readStatus(body);
  if (body !== null && httpStatus >= 200 && httpStatus < 300 && (status === "ok" || status === "success")) {
    return { ok: true, queueTimeSeconds: readNumber(body.queue_time), modelCount: readNumber(body.model_count) };
  }
  return classifyFailure({ httpStatus, body, rawText, key: opts.key ?? "", context: "system_details" });
}
