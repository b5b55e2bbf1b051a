import { NextResponse } from "next/server";
import { getConfig } from "@/lib/config";
import { getDeps } from "@/lib/generations/runtime";
import { json, route, otherMethods } from "@/lib/http/route";
import { rateLimit } from "@/lib/http/rate-limit";
import { personCookie, personFromRequest } from "@/lib/session/person";
import { withPhotoUpload } from "@/lib/images/upload-gate";
import { assertCanJoin, joinInfo, joinShoot, personDto, shootForInvite } from "@/lib/teams/shoots";
import { joinShootSchema } from "@/lib/validations/shoot";

type Ctx = { params: Promise<{ token: string }> };

/** What the invite page shows before any upload: the shoot, how long photos are kept, and whether this browser already joined. */
export const GET = route<Ctx>(async (request, { params }) => {
  await rateLimit(request, "polls");
  const { token } = await params;
  const deps = getDeps();
  const shoot = await shootForInvite(deps, token);
  return json(await joinInfo(deps, shoot, { retentionDays: getConfig().faceRetentionDays, personId: personFromRequest(request, shoot.id) }));
});

/**
 * A colleague joins (multipart: `name`, optional `title` and `email`, one `file`): their photo is stored,
 * their first variants start, and a person cookie lets this browser see their own results.
 */
export const POST = route<Ctx>(async (request, { params }) => {
  await rateLimit(request, "uploads");
  const { token } = await params;
  const deps = getDeps();
  const shoot = await shootForInvite(deps, token);
  const joinedAs = personFromRequest(request, shoot.id);
  await assertCanJoin(deps, shoot, joinedAs);
  return withPhotoUpload(request, async (upload, photo) => {
    const details = joinShootSchema.parse(upload.fields);
    const person = await joinShoot(deps, shoot, details, photo, joinedAs);
    const response = NextResponse.json({ person: await personDto(deps, shoot, person) }, { status: 201, headers: { "Cache-Control": "no-store" } });
    const cookie = personCookie(request, shoot.id, person.id);
    response.cookies.set(cookie.name, cookie.value, cookie.options);
    return response;
  });
});

// Every other method: 405 with a JSON message and Allow (OPTIONS: 204 with Allow). See otherMethods.
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
