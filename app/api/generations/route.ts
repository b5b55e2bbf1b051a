import { getAudience } from "@/lib/session/staff";
import { AppError } from "@/lib/errors";
import { createGeneration } from "@/lib/generations/create";
import { generationDto, listOwnedGenerations } from "@/lib/generations/read";
import { getDeps } from "@/lib/generations/runtime";
import { json, readJson, route, otherMethods } from "@/lib/http/route";
import { ownerOrThrow } from "@/lib/session/owner";
import { clientIp, rateLimit } from "@/lib/http/rate-limit";
import { createGenerationSchema, listQuerySchema } from "@/lib/validations/schemas";

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,100}$/;

export const POST = route(async (request) => {
  await rateLimit(request, "create");
  const ownerId = ownerOrThrow(request);
  const key = request.headers.get("idempotency-key");
  if (key !== null && !IDEMPOTENCY_KEY.test(key)) throw new AppError("bad_request", "The Idempotency-Key header is not valid.");
  const input = createGenerationSchema.parse(await readJson(request));
  const deps = getDeps();
  const { generation, created } = await createGeneration(deps, {
    ownerId,
    input,
    idempotencyKey: key,
    ip: clientIp(request),
    audience: getAudience(request),
  });
  return json(await generationDto(deps, generation), created ? 201 : 200);
});

export const GET = route(async (request) => {
  await rateLimit(request, "polls");
  const ownerId = ownerOrThrow(request, true);
  const query = listQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return json(await listOwnedGenerations(getDeps(), ownerId, query));
});

// Every other method: 405 with a JSON message and Allow (OPTIONS: 204 with Allow). See otherMethods.
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
