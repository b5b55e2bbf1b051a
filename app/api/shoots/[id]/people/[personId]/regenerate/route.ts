import { getDeps } from "@/lib/generations/runtime";
import { json, route, otherMethods } from "@/lib/http/route";
import { rateLimit } from "@/lib/http/rate-limit";
import { requireStaff } from "@/lib/session/person";
import { personDto, regenerate, requireShoot } from "@/lib/teams/shoots";

type Ctx = { params: Promise<{ id: string; personId: string }> };

/** Staff start a new round for a person with a new seed (409 when no regenerations are left). */
export const POST = route<Ctx>(async (request, { params }) => {
  await rateLimit(request, "create");
  requireStaff(request);
  const { id, personId } = await params;
  const deps = getDeps();
  const person = await regenerate(deps, id, personId);
  return json(await personDto(deps, await requireShoot(deps, id), person));
});

// Every other method: 405 with a JSON message and Allow (OPTIONS: 204 with Allow). See otherMethods.
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
