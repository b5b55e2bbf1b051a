import "server-only";
// Readers for loosely typed upstream JSON: numbers may arrive as strings, ids as ints or strings.

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses a body; anything that is not a JSON object (HTML, garbage, empty, arrays) gives null. */
export function parseJsonObject(text: string): JsonRecord | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{")) return null;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return isRecord(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

export function readNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Ids and track ids: an int or a non-empty string, returned as a string. */
export function readId(value: unknown): string | null {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  return null;
}

/** `message`, or the legacy `messege` spelling. */
export function readMessage(body: JsonRecord): string | null {
  for (const field of ["message", "messege", "error"] as const) {
    const v = body[field];
    if (typeof v === "string" && v.trim() !== "") return v.trim();
  }
  return null;
}

export function readStatus(body: JsonRecord): string | null {
  const s = body.status;
  return typeof s === "string" ? s.trim().toLowerCase() : null;
}

/** The job id: `id`, then `request_id`, then the numeric tail of `fetch_result` (used only as an id source). */
export function readUpstreamId(body: JsonRecord): string | null {
  const direct = readId(body.id) ?? readId(body.request_id);
  if (direct !== null) return direct;
  const hint = body.fetch_result;
  if (typeof hint !== "string") return null;
  const tail = /\/fetch\/([A-Za-z0-9_-]+)\/?$/.exec(hint);
  return tail?.[1] ?? null;
}

export function readSeed(body: JsonRecord): number | null {
  const meta = isRecord(body.meta) ? body.meta : null;
  const seed = readNumber(meta?.seed) ?? readNumber(body.seed);
  return seed !== null && Number.isInteger(seed) ? seed : null;
}
