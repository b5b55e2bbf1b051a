import { AppError } from "@/lib/errors";
import { getDeps } from "@/lib/generations/runtime";
import { route } from "@/lib/http/route";
import { rateLimit } from "@/lib/http/rate-limit";
import { streamShootZip } from "@/lib/teams/export";
import { requireStaff } from "@/lib/teams/person-cookie";
import { cropsOf, exportFileName, exportSelection, requireShoot } from "@/lib/teams/shoots";

type Ctx = { params: Promise<{ id: string }> };

/** The approved people's headshots (or, while nobody is approved, everyone's favourite) as a ZIP, built on request. */
export const GET = route<Ctx>(async (request, { params }) => {
  rateLimit(request, "create");
  requireStaff(request);
  const { id } = await params;
  const deps = getDeps();
  const shoot = requireShoot(deps, id);
  const people = exportSelection(deps, id);
  if (people.length === 0) throw new AppError("conflict", "Nobody has an approved headshot or a favourite yet.");
  const readOutput = async (key: string) => {
    const bytes = await deps.storage.get(key);
    if (!bytes) throw new Error(`stored output missing: ${key}`);
    return bytes;
  };
  const body = streamShootZip({ people, crops: cropsOf(shoot), readOutput });
  return new Response(body, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${exportFileName(shoot.name)}"`,
      "Cache-Control": "no-store",
    },
  });
});
