import { getDeps } from "@/lib/generations/runtime";
import { json, route, otherMethods } from "@/lib/http/route";
import { rateLimit } from "@/lib/http/rate-limit";
import { requireJoinedPerson } from "@/lib/session/person";
import { joinMe, regenerate, shootForInvite } from "@/lib/teams/shoots";

type Ctx = { params: Promise<{ token: string }> };

/** "Try again": a new round with a new seed, while the colleague has regenerations left (409 otherwise). */
export const POST = route<Ctx>(async (request, { params }) => {
  await rateLimit(request, "create");
  const { token } = await params;
  const deps = getDeps();
  const shoot = await shootForInvite(deps, token);
  const person = await requireJoinedPerson(request, shoot.id, deps.db);
  await regenerate(deps, shoot.id, person.id);
  return json(await joinMe(deps, shoot, person.id));
});

// Every other method: 405 with a JSON message and Allow (OPTIONS: 204 with Allow). See otherMethods.
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
