import "server-only";

// Each segment starts with a letter, digit or underscore (so never "." or ".."), then an optional extension.
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,127}(\.[A-Za-z0-9]{1,8})?$/;
const MAX_SEGMENTS = 6;

export class UnsafeStorageKeyError extends Error {
  constructor(key: string) {
    super(`unsafe storage key ${JSON.stringify(key.slice(0, 200))}`);
    this.name = "UnsafeStorageKeyError";
  }
}

/** Throws unless `key` is a short relative path of safe segments (no "..", no absolute path, no backslash). */
export function assertSafeKey(key: string): string[] {
  if (typeof key !== "string" || key.length === 0 || key.length > 512) throw new UnsafeStorageKeyError(String(key));
  const segments = key.split("/");
  if (segments.length > MAX_SEGMENTS || !segments.every((s) => SEGMENT.test(s))) throw new UnsafeStorageKeyError(key);
  return segments;
}

export function isSafeKey(key: string): boolean {
  try {
    assertSafeKey(key);
    return true;
  } catch {
    return false;
  }
}
