import { NextResponse } from "next/server";
import { getDeps } from "@/lib/generations/runtime";
import { json, route, otherMethods } from "@/lib/http/route";
import { rateLimit } from "@/lib/http/rate-limit";
import { clearedPersonCookie, requireJoinedPerson } from "@/lib/session/person";
import { joinMe, refreshShoot, removePerson, shootForInvite } from "@/lib/teams/shoots";

type Ctx = { params: Promise<{ token: string }> };

/** The colleague's own results (401 without their person cookie). */
export const GET = route<Ctx>(async (request, { params }) => {
  await rateLimit(request, "polls");
  const { token } = await params;
  const deps = getDeps();
  const shoot = await shootForInvite(deps, token);
  const person = await requireJoinedPerson(request, shoot.id, deps.db);
  await refreshShoot(deps, shoot.id, person.id);
  return json(await joinMe(deps, shoot, person.id));
});

/** "Delete my photos": the colleague's face, headshots, files and row, and the cookie. */
export const DELETE = route<Ctx>(async (request, { params }) => {
  await rateLimit(request, "create");
  const { token } = await params;
  const deps = getDeps();
  const shoot = await shootForInvite(deps, token);
  const person = await requireJoinedPerson(request, shoot.id, deps.db);
  await removePerson(deps, shoot.id, person.id);
  const response = new NextResponse(null, { status: 204 });
  const cookie = clearedPersonCookie(request, shoot.id);
  response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
});

// Every other method: 405 with a JSON message and Allow (OPTIONS: 204 with Allow). See otherMethods.
export const { POST, PUT, PATCH, OPTIONS } = otherMethods("GET", "DELETE");
