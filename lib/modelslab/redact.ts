import "server-only";
const EXCERPT_LIMIT = 300;

export function redact(text: string, key: string): string {
  return key === "" ? text : text.split(key).join("[redacted]");
}

/** Redacts every string inside a JSON-like value. */
export function redactDeep<T>(value: T, key: string): T {
  if (key === "") return value;
  if (typeof value === "string") return redact(value, key) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, key)) as T;
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, key);
    return out as T;
  }
  return value;
}

/** "HTTP 500: <body excerpt>" for logs. Redacts before trimming so a cut can never leave part of the key. */
export function describeResponse(httpStatus: number | null, body: string, key: string): string {
  const flat = redact(body, key).replace(/\s+/g, " ").trim();
  const excerpt = flat.length > EXCERPT_LIMIT ? `${flat.slice(0, EXCERPT_LIMIT)}…` : flat;
  const head = httpStatus === null ? "no HTTP response" : `HTTP ${httpStatus}`;
  return excerpt === "" ? `${head}: (empty body)` : `${head}: ${excerpt}`;
}
