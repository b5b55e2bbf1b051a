import { uploadFace } from "@/lib/generations/create";
import { toFaceDto } from "@/lib/generations/read";
import { getDeps } from "@/lib/generations/runtime";
import { rateLimit } from "@/lib/http/rate-limit";
import { json, route, otherMethods } from "@/lib/http/route";
import { withPhotoUpload } from "@/lib/images/upload-gate";
import { ownerOrThrow } from "@/lib/session/owner";

export const POST = route(async (request) => {
  await rateLimit(request, "uploads");
  const ownerId = ownerOrThrow(request);
  // The photo is read from disk only once it is its turn, so waiting uploads hold no memory.
  const face = await withPhotoUpload(request, (_upload, photo) => photo.slot(async () => uploadFace(getDeps(), ownerId, await photo.read(), photo.check)));
  return json(toFaceDto(face), 201);
});

// Every other method: 405 with a JSON message and Allow (OPTIONS: 204 with Allow). See otherMethods.
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
