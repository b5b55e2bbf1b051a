import { AppError } from "@/lib/errors";
import { resolveOwnedFile } from "@/lib/generations/read";
import { getDeps } from "@/lib/generations/runtime";
import { ensureThumbnailOf } from "@/lib/images/thumbnails";
import { route, otherMethods } from "@/lib/http/route";
import { serveStored } from "@/lib/http/serve-file";
import { rateLimit } from "@/lib/http/rate-limit";
import { requestOwner } from "@/lib/session/owner";
import { shootViewer } from "@/lib/session/person";
import { resolveShootFile } from "@/lib/teams/shoots";

type Ctx = { params: Promise<{ kind: string; path: string[] }> };

export const GET = route<Ctx>(async (request, { params }) => {
  await rateLimit(request, "files");
  const ownerId = requestOwner(request);
  const { kind, path } = await params;
  const deps = getDeps();
  // team shoots: a shoot's files are also served to staff and to the person (cookie) they belong to.
  const file = (ownerId ? await resolveOwnedFile(deps, ownerId, kind, path) : null) ?? await resolveShootFile(deps, shootViewer(request), kind, path);
  if (!file) throw new AppError("not_found", "Not found.");
  // Thumbnails are made after a job succeeds; one asked for before that (or lost to a crash) is made now.
  if (kind === "thumbs") await ensureThumbnailOf(deps, path[0] ?? "", Number(path[1]));
  return serveStored(request, deps.storage, file.key, file.mime, "immutable");
});

// Every other method: 405 with a JSON message and Allow (OPTIONS: 204 with Allow). See otherMethods.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
