import { getAudience } from "@/lib/session/staff";
import { getDb } from "@/lib/db/client";
import { json, route, otherMethods } from "@/lib/http/route";
import { ownerOrThrow } from "@/lib/session/owner";
import { quotaStatus } from "@/lib/generations/quotas";
import { clientIp, rateLimit } from "@/lib/http/rate-limit";

export const GET = route(async (request) => {
  await rateLimit(request, "polls");
  const ownerId = ownerOrThrow(request);
  return json(await quotaStatus(getDb(), { ownerId, ip: clientIp(request), audience: getAudience(request), now: Date.now() }));
});

// Every other method: 405 with a JSON message and Allow (OPTIONS: 204 with Allow). See otherMethods.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
