import { getDeps } from "@/lib/generations/runtime";
import { json, readJson, route, otherMethods } from "@/lib/http/route";
import { rateLimit } from "@/lib/http/rate-limit";
import { requireStaff } from "@/lib/session/person";
import { createShoot, getShoot, listShoots } from "@/lib/teams/shoots";
import { createShootSchema } from "@/lib/validations/shoot";

/** Every shoot with its counters (staff). */
export const GET = route(async (request) => {
  await rateLimit(request, "polls");
  requireStaff(request);
  return json({ shoots: await listShoots(getDeps()) });
});

/** A new shoot (staff): the style is fixed here; a missing seed is chosen at random and shown. */
export const POST = route(async (request) => {
  await rateLimit(request, "create");
  requireStaff(request);
  const input = createShootSchema.parse(await readJson(request));
  const deps = getDeps();
  return json(await getShoot(deps, (await createShoot(deps, input)).id), 201);
});

// Every other method: 405 with a JSON message and Allow (OPTIONS: 204 with Allow). See otherMethods.
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
