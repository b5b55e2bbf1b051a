import { readFile } from "node:fs/promises";
import path from "node:path";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { uploadFace } from "@/lib/generations/create";
import { getDeps } from "@/lib/generations/runtime";
import { toFaceDto } from "@/lib/generations/read";
import { json, route } from "@/lib/http/route";
import { ownerOrThrow } from "@/lib/session/owner";
import { receiveUpload } from "@/lib/http/upload";
import { assertFaceCapacity, withFaceSlot } from "@/lib/images/upload-gate";
import { rateLimit } from "@/lib/http/rate-limit";

export const POST = route(async (request) => {
  rateLimit(request, "uploads");
  const ownerId = ownerOrThrow(request);
  assertFaceCapacity();
  const upload = await receiveUpload(request, path.join(getConfig().dataDir, "tmp"));
  try {
    if (upload.size === 0) throw new AppError("validation", "The file is empty. Choose a photo.", { fields: { file: "The file is empty." } });
    // The photo is read from disk only once it is its turn, so waiting uploads hold no memory.
    const face = await withFaceSlot(async () => uploadFace(getDeps(), ownerId, await readFile(upload.path)), request.signal);
    return json(toFaceDto(face), 201);
  } finally {
    await upload.dispose();
  }
});
