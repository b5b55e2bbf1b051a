import "server-only";
import { AppError } from "@/lib/errors";

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
// multipart framing around the file
const OVERHEAD = 64 * 1024;

/**
 * Reads the single `file` field of a multipart upload. The body is counted while it streams and refused
 * past the limit, so a huge or lying upload never sits in memory whole.
 */
export async function readUploadedFile(request: Request): Promise<Buffer> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data")) {
    throw new AppError("unsupported_media", "Upload the photo as a multipart form with a `file` field.");
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_UPLOAD_BYTES + OVERHEAD) throw tooLarge();
  const limited = new Request(request.url, { method: "POST", headers: request.headers, body: capStream(request.body), duplex: "half" } as RequestInit);
  let form: FormData;
  try {
    form = await limited.formData();
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof Error && error.cause instanceof AppError) throw error.cause;
    throw new AppError("bad_request", "The upload could not be read. Try choosing the photo again.");
  }
  const files = form.getAll("file");
  if (files.length !== 1) throw new AppError("validation", "Send exactly one photo.", { fields: { file: "Send exactly one photo." } });
  const file = files[0];
  if (!(file instanceof Blob)) throw new AppError("validation", "The `file` field must be a photo.", { fields: { file: "Choose a photo." } });
  return Buffer.from(await file.arrayBuffer());
}

function capStream(body: ReadableStream<Uint8Array> | null): ReadableStream<Uint8Array> | null {
  if (!body) return null;
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > MAX_UPLOAD_BYTES + OVERHEAD) controller.error(tooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
}

const tooLarge = () => new AppError("payload_too_large", "This photo is too large. The limit is 20 MB.");
