import "server-only";
import { AppError } from "@/lib/errors";
import type { BlobStore } from "@/lib/storage/blob-store";

/**
 * Streams a stored file through the app, whichever driver holds it (disk or S3): the caller has already checked
 * who may see it, and these headers keep the bytes inert. Not a redirect to a presigned bucket URL: that URL
 * would be a bearer link (forwardable, logged by proxies, valid until it expires, past a revoked owner or a
 * deleted face) and the bucket would have to send these headers itself (README "Image storage").
 * Stored files never change under their URL, so browsers may keep them for a year.
 */
export async function serveStored(
  request: Request,
  storage: BlobStore,
  key: string,
  mime: string,
  cache: "immutable" | "no-store",
): Promise<Response> {
  const object = await storage.open(key);
  if (!object) throw new AppError("not_found", "Not found.");
  // Next answers HEAD from GET but never reads (nor cancels) the body: left open, the stream would hold a file
  // handle or a pooled connection to the bucket until it timed out.
  if (request.method === "HEAD") await object.body.cancel();
  return new Response(request.method === "HEAD" ? null : object.body, {
    headers: {
      "Content-Type": mime,
      "Content-Length": String(object.size),
      "Cache-Control": cache === "immutable" ? "private, max-age=31536000, immutable" : "no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
