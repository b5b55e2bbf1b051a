import "server-only";

/** Where stored bytes live. Keys are relative, e.g. `faces/<ownerId>/<id>.jpg`; see assertSafeKey. */
export interface Storage {
  /** Atomic: readers see the old bytes or the new ones, never a partial file. */
  put(key: string, bytes: Buffer): Promise<void>;
  get(key: string): Promise<Buffer | null>;
  stat(key: string): Promise<{ size: number; mtimeMs: number } | null>;
  createReadStream(key: string): Promise<ReadableStream<Uint8Array> | null>;
  /** A missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Removes every key under `prefix/` (e.g. `outputs/<generationId>`). */
  deletePrefix?(prefix: string): Promise<void>;
}

// ---- Keys: the same rules for every place bytes may live ----

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
