import "server-only";
import { AppError } from "@/lib/errors";
import type { Storage } from "@/lib/storage/storage";

/** Stored files never change under their URL, so browsers may keep them for a year. */
export async function serveStored(storage: Storage, key: string, mime: string, cache: "immutable" | "no-store"): Promise<Response> {
  const bytes = await storage.get(key);
  if (!bytes) throw new AppError("not_found", "Not found.");
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": mime,
      "Content-Length": String(bytes.length),
      "Cache-Control": cache === "immutable" ? "private, max-age=31536000, immutable" : "no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
