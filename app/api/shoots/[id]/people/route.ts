import { getDeps } from "@/lib/generations/runtime";
import { json, route, otherMethods } from "@/lib/http/route";
import { rateLimit } from "@/lib/http/rate-limit";
import { requireStaff } from "@/lib/session/person";
import { withPhotoUpload } from "@/lib/images/upload-gate";
import { addPerson, personDto, requireShoot } from "@/lib/teams/shoots";
import { addPersonSchema, nameFromFileName } from "@/lib/validations/shoot";

type Ctx = { params: Promise<{ id: string }> };

/**
 * Staff add one person from one photo (multipart: `file`, optional `name`). Without a name, the file name
 * is used: "jane_doe.jpg" → "jane doe". The person's first variants start right away.
 */
export const POST = route<Ctx>(async (request, { params }) => {
  await rateLimit(request, "uploads");
  requireStaff(request);
  const { id } = await params;
  const deps = getDeps();
  await requireShoot(deps, id);
  return withPhotoUpload(request, async (upload, photo) => {
    const { name } = addPersonSchema.parse(upload.fields);
    const person = await addPerson(deps, id, { name: name || nameFromFileName(upload.filename ?? "") || "Unnamed", source: "staff" }, photo);
    return json(await personDto(deps, await requireShoot(deps, id), person), 201);
  });
});

// Every other method: 405 with a JSON message and Allow (OPTIONS: 204 with Allow). See otherMethods.
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
