import { pingDatabase } from "@/lib/db/client";
import { getDeps } from "@/lib/generations/runtime";
import { json, route, otherMethods } from "@/lib/http/route";
import { rateLimit } from "@/lib/http/rate-limit";

const UNREACHABLE = new Set(["unavailable", "timeout"]);

export const GET = route(async (request) => {
  await rateLimit(request, "polls");
  const deps = getDeps();
  await pingDatabase(deps.db);
  const details = await deps.upstream.systemDetails();
  const upstream =
    "ok" in details
      ? { reachable: true, queueTimeSeconds: details.queueTimeSeconds }
      : { reachable: !UNREACHABLE.has(details.reason), problem: details.message };
  return json({ ok: upstream.reachable, mode: deps.config.mode, database: "ok", upstream }, upstream.reachable ? 200 : 503);
});

// Every other method: 405 with a JSON message and Allow (OPTIONS: 204 with Allow). See otherMethods.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
