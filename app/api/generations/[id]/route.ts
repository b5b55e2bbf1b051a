import { AppError } from "@/lib/errors";
import { getOwnedGeneration } from "@/lib/db/queries/generations";
import { advanceGeneration } from "@/lib/generations/lifecycle";
import { deleteOwnedGeneration } from "@/lib/generations/privacy";
import { generationDto } from "@/lib/generations/read";
import { getDeps } from "@/lib/generations/runtime";
import { isUnfinished } from "@/lib/validations/generation";
import { json, route, otherMethods } from "@/lib/http/route";
import { ownerOrThrow } from "@/lib/session/owner";
import { rateLimit } from "@/lib/http/rate-limit";

type Ctx = { params: Promise<{ id: string }> };
const notFound = () => new AppError("not_found", "That generation does not exist.");

export const GET = route<Ctx>(async (request, { params }) => {
  await rateLimit(request, "polls");
  const ownerId = ownerOrThrow(request, true);
  const { id } = await params;
  const deps = getDeps();
  let gen = await getOwnedGeneration(deps.db, id, ownerId);
  if (!gen) throw notFound();
  if (isUnfinished(gen.status)) gen = (await advanceGeneration(deps, id)) ?? gen;
  return json(await generationDto(deps, gen));
});

export const DELETE = route<Ctx>(async (request, { params }) => {
  await rateLimit(request, "create");
  const ownerId = ownerOrThrow(request, true);
  const { id } = await params;
  await deleteOwnedGeneration(getDeps(), ownerId, id);
  return new Response(null, { status: 204 });
});

// Every other method: 405 with a JSON message and Allow (OPTIONS: 204 with Allow). See otherMethods.
export const { POST, PUT, PATCH, OPTIONS } = otherMethods("GET", "DELETE");
