// lib/storage — where image bytes live. This file owns the one `BlobStore` interface every driver implements
// and the key rules they all enforce; the drivers are `local-storage.ts` (DATA_DIR/files, the default) and
// `s3-storage.ts` (an S3-compatible bucket, when S3_BUCKET is set). lib/generations/runtime.ts picks one.
// Both pass the one contract suite, blob-store.contract.ts.
import "server-only";

export type BlobInfo = { size: number; mtimeMs: number };

/** An open object: its bytes as a stream (read once) and how many there are, for Content-Length. */
export type BlobStream = { body: ReadableStream<Uint8Array>; size: number };

/** Where stored bytes live. Keys are relative, e.g. `faces/<ownerId>/<id>.jpg`; see assertSafeKey. */
export interface BlobStore {
  /**
   * Atomic: readers see the old bytes or the new ones, never a partial object. `contentType` is kept with the
   * object where the store can (S3); the app itself serves the type recorded in the database.
   */
  put(key: string, bytes: Buffer, contentType?: string): Promise<void>;
  /** The whole object in memory: for small files and code that needs all the bytes (sharp, the ZIP export). */
  get(key: string): Promise<Buffer | null>;
  stat(key: string): Promise<BlobInfo | null>;
  /** Streams the object (serving files: no whole-file buffer); the size is the opened object's. */
  open(key: string): Promise<BlobStream | null>;
  /** A missing key is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Removes every key under `prefix/` (e.g. `outputs/<generationId>`), never a sibling such as `outputs/<id>x/…`.
   * Required of every driver: deleting face photos and what was made from them is a privacy promise.
   */
  deletePrefix(prefix: string): Promise<void>;
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

/** The one message a failed save shows (disk full, bucket unreachable); the cause goes to the log as `detail`. */
export const SAVE_FAILED_MESSAGE = "Could not save the image. Please try again.";
