import { getDeps } from "@/lib/generations/runtime";
import { json, readJson, route, otherMethods } from "@/lib/http/route";
import { rateLimit } from "@/lib/http/rate-limit";
import { requireStaff } from "@/lib/session/person";
import { personDto, removePerson, requireShoot, updatePersonDetails } from "@/lib/teams/shoots";
import { updatePersonSchema } from "@/lib/validations/shoot";

type Ctx = { params: Promise<{ id: string; personId: string }> };

/** Staff change a person: name, title, email, favourite (`favouriteOutputId`, null clears) and approval. */
export const PATCH = route<Ctx>(async (request, { params }) => {
  await rateLimit(request, "create");
  requireStaff(request);
  const { id, personId } = await params;
  const patch = updatePersonSchema.parse(await readJson(request));
  const deps = getDeps();
  const person = await updatePersonDetails(deps, id, personId, patch);
  return json(await personDto(deps, await requireShoot(deps, id), person));
});

/** Staff remove a person: their face, headshots and files are deleted. */
export const DELETE = route<Ctx>(async (request, { params }) => {
  await rateLimit(request, "create");
  requireStaff(request);
  const { id, personId } = await params;
  await removePerson(getDeps(), id, personId);
  return new Response(null, { status: 204 });
});

// Every other method: 405 with a JSON message and Allow (OPTIONS: 204 with Allow). See otherMethods.
export const { GET, HEAD, POST, PUT, OPTIONS } = otherMethods("PATCH", "DELETE");
