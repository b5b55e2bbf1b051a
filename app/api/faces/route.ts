import { AppError } from "@/lib/errors";
import { uploadFace } from "@/lib/generations/face-upload";
import { getDeps } from "@/lib/generations/runtime";
import { toFaceDto } from "@/lib/generations/to-dto";
import { json, route } from "@/lib/http/respond";
import { ownerOrThrow } from "@/lib/http/owner-guard";
import { assertSameSite } from "@/lib/http/same-site-guard";
import { readUploadedFile } from "@/lib/http/upload";
import { rateLimit } from "@/lib/rate-limit/limit";

// proxy.ts skips this route so the upload streams straight here (the proxy would buffer it, and cut it at
// 10 MB); the same cross-site refusal therefore runs here.
export const POST = route(async (request) => {
  assertSameSite(request);
  rateLimit(request, "uploads");
  const ownerId = ownerOrThrow(request);
  const bytes = await readUploadedFile(request);
  if (bytes.length === 0) throw new AppError("validation", "The file is empty. Choose a photo.", { fields: { file: "The file is empty." } });
  const face = await uploadFace(getDeps(), ownerId, bytes);
  return json(toFaceDto(face), 201);
});
