import "server-only";
import { AppError } from "@/lib/errors";
import { BodyTooLargeError, readCapped } from "@/lib/streams/read-capped";

/** The body as UTF-8 text, refused with 413 as soon as it passes `maxBytes`. */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  try {
    return (await readCapped(request, maxBytes)).toString("utf8");
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new AppError("payload_too_large", "The request is too large.");
    throw error;
  }
}
