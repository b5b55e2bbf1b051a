// The disk driver of BlobStore (lib/storage/blob-store.ts): objects are files under one folder
// (DATA_DIR/files in the app), written atomically (temp file, fsync, rename).
import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { AppError } from "@/lib/errors";
import { assertSafeKey, SAVE_FAILED_MESSAGE, UnsafeStorageKeyError, type BlobStore } from "./blob-store";

const isMissing = (e: unknown) => {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR";
};

/** Stores files under `rootDir` on the local disk. */
export function createLocalStorage(rootDir: string): BlobStore {
  const root = path.resolve(rootDir);

  function resolve(key: string): string {
    const file = path.resolve(root, ...assertSafeKey(key));
    // Belt and braces: the key check already rules this out.
    if (!file.startsWith(root + path.sep)) throw new UnsafeStorageKeyError(key);
    return file;
  }

  async function put(key: string, bytes: Buffer): Promise<void> {
    const file = resolve(key);
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      const fh = await fs.open(tmp, "wx");
      try {
        await fh.writeFile(bytes);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await fs.rename(tmp, file);
    } catch (e) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      const code = (e as NodeJS.ErrnoException).code ?? "unknown";
      throw new AppError("internal", SAVE_FAILED_MESSAGE, {
        detail: `storage put ${key} failed: ${code}${code === "ENOSPC" ? " (disk full)" : ""}`,
      });
    }
  }

  return {
    put,
    async get(key) {
      try {
        return await fs.readFile(resolve(key));
      } catch (e) {
        if (isMissing(e)) return null;
        throw e;
      }
    },
    async stat(key) {
      try {
        const s = await fs.stat(resolve(key));
        return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : null;
      } catch (e) {
        if (isMissing(e)) return null;
        throw e;
      }
    },
    async open(key) {
      let fh: fs.FileHandle;
      try {
        fh = await fs.open(resolve(key), "r");
      } catch (e) {
        if (isMissing(e)) return null;
        throw e;
      }
      // The size of the file this handle opened: a put renaming a new file over it meanwhile changes neither.
      const s = await fh.stat().catch(async (e: unknown) => {
        await fh.close();
        throw e;
      });
      if (!s.isFile()) {
        await fh.close();
        return null;
      }
      // autoClose: the handle closes at the end of the stream, on an error and when the reader cancels.
      return { body: Readable.toWeb(fh.createReadStream()) as ReadableStream<Uint8Array>, size: s.size };
    },
    async delete(key) {
      await fs.rm(resolve(key), { force: true });
    },
    async deletePrefix(prefix) {
      // Only the folder: a file named like the prefix is a key of its own, not "under" it (as on S3).
      const dir = resolve(prefix);
      const s = await fs.lstat(dir).catch((e: unknown) => {
        if (isMissing(e)) return null;
        throw e;
      });
      if (s?.isDirectory()) await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
