import { getDeps } from "@/lib/generations/runtime";
import { json, readJson, route, otherMethods } from "@/lib/http/route";
import { rateLimit } from "@/lib/http/rate-limit";
import { requireJoinedPerson } from "@/lib/session/person";
import { chooseFavourite, joinMe, shootForInvite } from "@/lib/teams/shoots";
import { chooseFavouriteSchema } from "@/lib/validations/shoot";

type Ctx = { params: Promise<{ token: string }> };

/** The colleague picks their favourite ({ outputId }); it must be one of their own headshots (404 otherwise). */
export const POST = route<Ctx>(async (request, { params }) => {
  await rateLimit(request, "create");
  const { token } = await params;
  const deps = getDeps();
  const shoot = await shootForInvite(deps, token);
  const person = await requireJoinedPerson(request, shoot.id, deps.db);
  const { outputId } = chooseFavouriteSchema.parse(await readJson(request, 4 * 1024));
  await chooseFavourite(deps, shoot.id, person.id, outputId);
  return json(await joinMe(deps, shoot, person.id));
});

// Every other method: 405 with a JSON message and Allow (OPTIONS: 204 with Allow). See otherMethods.
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
