import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { receiveUpload, type ReceivedUpload } from "@/lib/http/upload";
import { assertFaceCapacity, withFaceSlot } from "@/lib/images/upload-gate";
import type { Photo } from "./shoots";

/**
 * The multipart photo path of POST /api/faces, for the shoot routes that take a face photo: refuse early when
 * the face work queue is full, stream the `file` to a temp file, hand `fn` the other fields and a Photo that is
 * read and processed in the face-work slot, and delete the temp file whatever happens.
 */
export async function withPhotoUpload<T>(request: Request, fn: (upload: ReceivedUpload, photo: Photo) => Promise<T>): Promise<T> {
  assertFaceCapacity();
  const upload = await receiveUpload(request, path.join(getConfig().dataDir, "tmp"));
  try {
    if (upload.size === 0) throw new AppError("validation", "The file is empty. Choose a photo.", { fields: { file: "The file is empty." } });
    return await fn(upload, { read: () => readFile(upload.path), slot: (task) => withFaceSlot(task, request.signal) });
  } finally {
    await upload.dispose();
  }
}
