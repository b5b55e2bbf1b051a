import { getDeps } from "@/lib/generations/runtime";
import { handleWebhook } from "@/lib/generations/lifecycle";
import { json, readJson, route, otherMethods } from "@/lib/http/route";
import { rateLimit } from "@/lib/http/rate-limit";

type Ctx = { params: Promise<{ secret: string }> };

export const POST = route<Ctx>(async (request, { params }) => {
  await rateLimit(request, "webhooks");
  const { secret } = await params;
  const outcome = await handleWebhook(getDeps(), secret, await readJson(request, 2 * 1024 * 1024));
  return json({ ok: true, outcome });
});

// Every other method: 405 with a JSON message and Allow (OPTIONS: 204 with Allow). See otherMethods.
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
