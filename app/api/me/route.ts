import { getDeps } from "@/lib/generations/runtime";
import { json, route, otherMethods } from "@/lib/http/route";
import { ownerOrThrow } from "@/lib/session/owner";
import { deleteOwnerData } from "@/lib/generations/privacy";
import { rateLimit } from "@/lib/http/rate-limit";

/** "Delete all my data": every face photo, generation and output of the requesting owner. */
export const DELETE = route(async (request) => {
  await rateLimit(request, "uploads");
  const ownerId = ownerOrThrow(request);
  const deleted = await deleteOwnerData(getDeps(), ownerId);
  return json({ deleted });
});

// Every other method: 405 with a JSON message and Allow (OPTIONS: 204 with Allow). See otherMethods.
export const { GET, HEAD, POST, PUT, PATCH, OPTIONS } = otherMethods("DELETE");
