import { getAudience } from "@/lib/auth/audience";
import { getDb } from "@/lib/db/client";
import { json, route } from "@/lib/http/respond";
import { ownerOrThrow } from "@/lib/http/owner-guard";
import { quotaStatus } from "@/lib/generations/quotas";
import { clientIp, rateLimit } from "@/lib/rate-limit/limit";

export const GET = route(async (request) => {
  rateLimit(request, "polls");
  const ownerId = ownerOrThrow(request);
  return json(quotaStatus(getDb(), { ownerId, ip: clientIp(request), audience: getAudience(request), now: Date.now() }));
});
