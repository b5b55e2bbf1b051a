import { getGeneration } from "./api";
import { generationKeys, quotaKey } from "./query-keys";
import type { GenerationDto } from "./types";

// The home page touches the query cache only after the person acts (submits, or opens a reuse link), so it
// loads react-query then rather than with the page: ~12 kB gzip off its first load.
const client = async () => (await import("./query-client")).getQueryClient();

/** Starts loading react-query early (when a submission starts), so priming the cache adds no wait. */
export function warmQueryCache(): void {
  void client();
}

/** Seeds the detail cache with a freshly created generation so the panel shows it without a round trip. */
export async function primeGeneration(generation: GenerationDto): Promise<void> {
  const c = await client();
  c.setQueryData(generationKeys.detail(generation.id), generation);
  void c.invalidateQueries({ queryKey: generationKeys.lists });
}

/** After creating a generation (or being refused one), so the allowance shown is current. */
export async function refreshQuota(): Promise<void> {
  await (await client()).invalidateQueries({ queryKey: quotaKey });
}

/** A generation, fresh from the server, kept in the cache for the panel. */
export async function fetchGeneration(id: string): Promise<GenerationDto> {
  return (await client()).fetchQuery({ queryKey: generationKeys.detail(id), queryFn: ({ signal }) => getGeneration(id, signal), staleTime: 0 });
}
