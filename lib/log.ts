import "server-only";

type Fields = Record<string, string | number | boolean | null | undefined>;

/** One JSON line per event. Callers never pass secrets; `redact` is a second line of defence. */
export function log(level: "info" | "warn" | "error", event: string, fields: Fields = {}): void {
  const line = JSON.stringify({ t: new Date().toISOString(), level, event, ...fields });
  const safe = redact(line);
  if (level === "error") console.error(safe);
  else if (level === "warn") console.warn(safe);
  else console.log(safe);
}

function redact(text: string): string {
  const key = process.env.MODELSLAB_API_KEY;
  return key && key.length >= 4 ? text.split(key).join("[redacted]") : text;
}
