import { AppError } from "@/lib/errors";
import { getDeps } from "@/lib/generations/runtime";
import { route, otherMethods } from "@/lib/http/route";
import { rateLimit } from "@/lib/http/rate-limit";
import { shootZipFileName, shootZipWebStream } from "@/lib/teams/export";
import { requireStaff } from "@/lib/session/person";
import { cropsOf, exportSelection, requireShoot } from "@/lib/teams/shoots";

type Ctx = { params: Promise<{ id: string }> };

/** The approved people's headshots (or, while nobody is approved, everyone's favourite) as a ZIP, built on request. */
export const GET = route<Ctx>(async (request, { params }) => {
  await rateLimit(request, "create");
  requireStaff(request);
  const { id } = await params;
  const deps = getDeps();
  const shoot = await requireShoot(deps, id);
  const people = await exportSelection(deps, id);
  if (people.length === 0) throw new AppError("conflict", "Nobody has an approved headshot or a favourite yet.");
  // One person at a time, paced by the client: memory stays flat however many people the shoot has. A person
  // whose stored output is gone is listed in manifest.csv as missing rather than breaking the ZIP.
  const body = shootZipWebStream({ people, crops: cropsOf(shoot), readOutput: (key) => deps.storage.get(key) });
  return new Response(body, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${shootZipFileName(shoot.name)}"`,
      "Cache-Control": "no-store",
    },
  });
});

// Every other method: 405 with a JSON message and Allow (OPTIONS: 204 with Allow). See otherMethods.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
