import { Suspense } from "react";
import type { StudioStart } from "@/components/generate/generate-studio";
import { LazyGenerateStudio } from "@/components/generate/lazy-generate-studio";
import { EmptyPreview } from "@/components/generate/empty-preview";
import { ownedGeneration } from "@/components/gallery/server-data";
import { readHomeUrl } from "@/lib/client/url-to-form";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** `?from=<id>&reuse=seed|all`: the earlier generation the form starts from, read here so it arrives with the page. */
async function studioStart(params: Record<string, string | string[] | undefined>): Promise<StudioStart> {
  const { from } = readHomeUrl({ get: (name) => [params[name]].flat()[0] ?? null });
  if (!from) return null;
  try {
    const generation = await ownedGeneration(from.id);
    return generation ? { generation, reuse: from.reuse } : { error: "That generation does not exist." };
  } catch {
    return { error: "Something went wrong on our side. Please try again." };
  }
}

export default async function HomePage({ searchParams }: Props) {
  const start = await studioStart(await searchParams);
  return (
    <div className="space-y-8">
      <div className="max-w-2xl space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight text-ink sm:text-3xl">Create a headshot</h1>
        <p className="text-ink-muted">Upload a face photo, pick a look, and get a professional headshot in about a minute.</p>
      </div>
      {/* The studio is lazy (its script loads after the page's) and reads useSearchParams: both need a boundary. The
          server renders the studio in full, so the skeleton shows only on a client-side navigation to this page. */}
      <Suspense fallback={<div className="h-96 animate-pulse rounded-card bg-white" aria-busy="true" />}>
        <LazyGenerateStudio start={start} emptyPreview={<EmptyPreview />} />
      </Suspense>
    </div>
  );
}
