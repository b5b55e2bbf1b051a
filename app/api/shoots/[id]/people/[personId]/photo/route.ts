import { getDeps } from "@/lib/generations/runtime";
import { json, route, otherMethods } from "@/lib/http/route";
import { rateLimit } from "@/lib/http/rate-limit";
import { requireStaff } from "@/lib/session/person";
import { withPhotoUpload } from "@/lib/images/upload-gate";
import { personDto, replacePhoto, requirePerson, requireShoot } from "@/lib/teams/shoots";

type Ctx = { params: Promise<{ id: string; personId: string }> };

/** Staff replace a person's photo (multipart `file`): the old photo and its headshots are deleted, the first variants start again. */
export const POST = route<Ctx>(async (request, { params }) => {
  await rateLimit(request, "uploads");
  requireStaff(request);
  const { id, personId } = await params;
  const deps = getDeps();
  await requirePerson(deps, id, personId);
  return withPhotoUpload(request, async (_upload, photo) => {
    const person = await replacePhoto(deps, id, personId, photo);
    return json(await personDto(deps, await requireShoot(deps, id), person));
  });
});

// Every other method: 405 with a JSON message and Allow (OPTIONS: 204 with Allow). See otherMethods.
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
