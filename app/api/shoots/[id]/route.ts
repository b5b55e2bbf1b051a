import { getDeps } from "@/lib/generations/runtime";
import { json, readJson, route, otherMethods } from "@/lib/http/route";
import { rateLimit } from "@/lib/http/rate-limit";
import { requireStaff } from "@/lib/session/person";
import { deleteShoot, getShoot, refreshShoot, requireShoot, updateShoot } from "@/lib/teams/shoots";
import { updateShootSchema } from "@/lib/validations/shoot";

type Ctx = { params: Promise<{ id: string }> };

/** The shoot page's data (staff); unfinished generations are brought up to date first, a few per request. */
export const GET = route<Ctx>(async (request, { params }) => {
  await rateLimit(request, "polls");
  requireStaff(request);
  const { id } = await params;
  const deps = getDeps();
  await requireShoot(deps, id);
  await refreshShoot(deps, id);
  return json(await getShoot(deps, id));
});

/** Changes settings (staff); the style answers 409 once anyone has generated. */
export const PATCH = route<Ctx>(async (request, { params }) => {
  await rateLimit(request, "create");
  requireStaff(request);
  const { id } = await params;
  const patch = updateShootSchema.parse(await readJson(request));
  const deps = getDeps();
  await updateShoot(deps, id, patch);
  return json(await getShoot(deps, id));
});

/** Deletes the shoot with every person's photos, headshots and files (staff). */
export const DELETE = route<Ctx>(async (request, { params }) => {
  await rateLimit(request, "create");
  requireStaff(request);
  const { id } = await params;
  await deleteShoot(getDeps(), id);
  return new Response(null, { status: 204 });
});

// Every other method: 405 with a JSON message and Allow (OPTIONS: 204 with Allow). See otherMethods.
export const { POST, PUT, OPTIONS } = otherMethods("GET", "PATCH", "DELETE");
