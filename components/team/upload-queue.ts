import { ApiError } from "@/lib/client/api";
import { nameFromFileName } from "@/lib/validations/shoot";

// Staff add many photos at once: each file is one request, a few at a time, so the server's photo queue
// (one decoded at a time, 24 waiting) is never flooded; a "busy" 429 waits its Retry-After and tries again.

/** Photos the server reads (by their bytes; the extension or type is only the first filter here). */
const IMAGE_NAME = /\.(jpe?g|png|webp|heic|heif)$/i;

/** The image files of a picked folder or file list: no hidden files (.DS_Store, ._photo.jpg), nothing that is not a photo. */
export function photoFiles(files: Iterable<File>): File[] {
  return [...files].filter((f) => !f.name.startsWith(".") && (f.type.startsWith("image/") || IMAGE_NAME.test(f.name)));
}

/** A person's name for a photo: from its file name ("jane_doe.jpg" → "jane doe"), else "Unnamed". */
export function personNameFor(file: Pick<File, "name">): string {
  return nameFromFileName(file.name) || "Unnamed";
}

/**
 * At most `limit` tasks at once, started in the order they were handed in; one limiter per page, so files
 * added while an earlier batch is still uploading share the same few slots.
 */
export function createLimiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await task();
    } finally {
      release();
    }
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Repeats `task` after a 429 that says when to come back (at most `attempts` tries in all); any other error is final. */
export async function retryWhenBusy<T>(
  task: () => Promise<T>,
  opts: { attempts?: number; wait?: (ms: number) => Promise<void>; onWait?: (seconds: number) => void } = {},
): Promise<T> {
  const attempts = opts.attempts ?? 5;
  const wait = opts.wait ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      const busy = error instanceof ApiError && error.status === 429 && error.code === "rate_limited" && error.retryAfterSeconds !== undefined;
      if (!busy || attempt >= attempts) throw error;
      const seconds = Math.min(60, Math.max(1, error.retryAfterSeconds ?? 5));
      opts.onWait?.(seconds);
      await wait(seconds * 1000);
    }
  }
}
