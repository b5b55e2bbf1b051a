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
