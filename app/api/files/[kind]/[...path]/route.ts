import { AppError } from "@/lib/errors";
import { resolveOwnedFile } from "@/lib/generations/read";
import { getDeps } from "@/lib/generations/runtime";
import { ensureThumbnailOf } from "@/lib/images/thumbnails";
import { route } from "@/lib/http/route";
import { ownerOrThrow } from "@/lib/session/owner";
import { serveStored } from "@/lib/http/serve-file";
import { rateLimit } from "@/lib/http/rate-limit";

type Ctx = { params: Promise<{ kind: string; path: string[] }> };

export const GET = route<Ctx>(async (request, { params }) => {
  rateLimit(request, "files");
  const ownerId = ownerOrThrow(request, true);
  const { kind, path } = await params;
  const deps = getDeps();
  const file = resolveOwnedFile(deps, ownerId, kind, path);
  if (!file) throw new AppError("not_found", "Not found.");
  // Thumbnails are made after a job succeeds; one asked for before that (or lost to a crash) is made now.
  if (kind === "thumbs") await ensureThumbnailOf(deps, path[0] ?? "", Number(path[1]));
  return serveStored(deps.storage, file.key, file.mime, "immutable");
});
