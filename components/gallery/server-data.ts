import "server-only";
import { cookies } from "next/headers";
import type { GenerationListDto } from "@/lib/client/types";
import { listOwnedGenerations } from "@/lib/generations/list";
import { getDeps } from "@/lib/generations/runtime";
import { OWNER_COOKIE, ownerFromCookie } from "@/lib/owner";
import { listQuerySchema } from "@/lib/validations/list-query";
import { fetchGalleryPage } from "./gallery-page";
import { readGalleryQuery, type GalleryQuery } from "./gallery-query";

export type InitialGalleryPage = { query: GalleryQuery; page: GenerationListDto };
type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The gallery's first page, read on the server so the HTML already holds the thumbnails: no skeleton that
 * shifts the layout, and the first image is found by the browser at once. Null when there is no owner yet
 * or the read fails; the client then fetches it as before (and shows any error).
 */
export async function firstGalleryPage(searchParams: SearchParams): Promise<InitialGalleryPage | null> {
  const owner = ownerFromCookie((await cookies()).get(OWNER_COOKIE)?.value);
  if (!owner) return null;
  const query = readGalleryQuery({ get: (name) => [searchParams[name]].flat()[0] ?? null });
  try {
    const deps = getDeps();
    const page = await fetchGalleryPage(
      async ({ status, q, cursor, limit }) =>
        listOwnedGenerations(deps, owner, listQuerySchema.parse({ status, q: q?.trim() || undefined, cursor: cursor ?? undefined, limit })),
      query.view,
      query.q.trim(),
      null,
    );
    return { query, page };
  } catch {
    return null;
  }
}
