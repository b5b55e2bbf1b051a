import { AppError } from "@/lib/errors";
import { getFace } from "@/lib/db/queries/faces";
import { getByFaceToken } from "@/lib/db/queries/generations";
import { getDeps } from "@/lib/generations/runtime";
import { isUnfinished } from "@/lib/validations/generation";
import { route, otherMethods } from "@/lib/http/route";
import { serveStored } from "@/lib/http/serve-file";
import { rateLimit } from "@/lib/http/rate-limit";

type Ctx = { params: Promise<{ token: string }> };

// The upstream fetches the face photo from here: no cookie, only an unguessable token that expires.
export const GET = route<Ctx>(async (request, { params }) => {
  await rateLimit(request, "files");
  const { token } = await params;
  const deps = getDeps();
  const gen = /^[A-Za-z0-9_-]{32}$/.test(token) ? await getByFaceToken(deps.db, token) : undefined;
  // Only while its job is open: once the job ended the upstream has no reason to fetch the face again.
  if (!gen || !isUnfinished(gen.status) || !gen.faceTokenExpiresAt || gen.faceTokenExpiresAt < deps.now()) {
    throw new AppError("not_found", "Not found.");
  }
  const face = await getFace(deps.db, gen.faceId);
  if (!face) throw new AppError("not_found", "Not found.");
  return serveStored(request, deps.storage, face.path, face.mime, "no-store");
});

// Every other method: 405 with a JSON message and Allow (OPTIONS: 204 with Allow). See otherMethods.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
