import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { assertSafeKey, UnsafeStorageKeyError, type Storage } from "./storage";

const isMissing = (e: unknown) => {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
};

/** Stores files under `rootDir` on the local disk. */
export function createLocalStorage(rootDir: string): Storage {
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
      throw new AppError("internal", "Could not save the image. Please try again.", {
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
    async createReadStream(key) {
      let fh: fs.FileHandle;
      try {
        fh = await fs.open(resolve(key), "r");
      } catch (e) {
        if (isMissing(e)) return null;
        throw e;
      }
      return Readable.toWeb(fh.createReadStream()) as ReadableStream<Uint8Array>;
    },
    async delete(key) {
      await fs.rm(resolve(key), { force: true });
    },
    async deletePrefix(prefix) {
      await fs.rm(resolve(prefix), { recursive: true, force: true });
    },
  };
}

const globalForStorage = globalThis as typeof globalThis & { __headshotStorage?: Storage };

/** The app's storage at `${dataDir}/files`, created once per process. */
export function getStorage(): Storage {
  globalForStorage.__headshotStorage ??= createLocalStorage(path.join(getConfig().dataDir, "files"));
  return globalForStorage.__headshotStorage;
}
