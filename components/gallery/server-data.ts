import "server-only";
// What pages read on the server for the person asking (the owner cookie), so their HTML already holds it.
import { cookies } from "next/headers";
import type { GenerationDto, GenerationListDto } from "@/lib/client/types";
import { getOwnedGeneration } from "@/lib/db/queries/generations";
import { listOwnedGenerations, generationDto } from "@/lib/generations/read";
import { getDeps } from "@/lib/generations/runtime";
import { OWNER_COOKIE, ownerFromCookie } from "@/lib/session/owner";
import { listQuerySchema } from "@/lib/validations/schemas";
import { fetchGalleryPage, readGalleryQuery, type GalleryQuery } from "./gallery-list";

export type InitialGalleryPage = { query: GalleryQuery; page: GenerationListDto };
type SearchParams = Record<string, string | string[] | undefined>;

async function requestOwner(): Promise<string | null> {
  return ownerFromCookie((await cookies()).get(OWNER_COOKIE)?.value);
}

/**
 * The gallery's first page: no skeleton that shifts the layout, and the first image is found by the
 * browser at once. Null when there is no owner yet or the read fails; the client then fetches it as
 * before (and shows any error).
 */
export async function firstGalleryPage(searchParams: SearchParams): Promise<InitialGalleryPage | null> {
  const owner = await requestOwner();
  if (!owner) return null;
  const query = readGalleryQuery({ get: (name) => [searchParams[name]].flat()[0] ?? null });
  try {
    const deps = getDeps();
    const page = await fetchGalleryPage(
      async ({ status, q, cursor, limit }) =>
        await listOwnedGenerations(deps, owner, listQuerySchema.parse({ status, q: q?.trim() || undefined, cursor: cursor ?? undefined, limit })),
      query.view,
      query.q.trim(),
      null,
    );
    return { query, page };
  } catch {
    return null;
  }
}

/** One generation of the person asking; null when it does not exist or belongs to someone else. */
export async function ownedGeneration(id: string): Promise<GenerationDto | null> {
  const owner = await requestOwner();
  if (!owner) return null;
  const deps = getDeps();
  const row = await getOwnedGeneration(deps.db, id, owner);
  return row ? await generationDto(deps, row) : null;
}
