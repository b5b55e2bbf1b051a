import { isUnfinished } from "@/lib/validations/generation";
// react-query for the whole app: the one client, the cache keys, the queries the pages share, and the cache
// updates that follow a change. There is no QueryClientProvider: every hook is handed `getQueryClient()`.
// A provider in the root layout would put react-query (~10 kB gzip) into the home page's first load, which
// only needs it once the header's allowance or a result is shown (both load after the page).
import { isServer, QueryClient, useQuery } from "@tanstack/react-query";
import { ApiError, getGeneration, getQuota} from "./api";
import type { GenerationDto } from "./types";

export const generationKeys = {
  all: ["generations"] as const,
  lists: ["generations", "list"] as const,
  detail: (id: string) => ["generations", "detail", id] as const,
};

export const quotaKey = ["quota"] as const;

export const POLL_INTERVAL_MS = 1000;

function shouldRetry(failureCount: number, error: unknown): boolean {
  // 4xx answers will not change by asking again; network blips and 5xx might.
  if (error instanceof ApiError && error.status > 0 && error.status < 500) return false;
  return failureCount < 2;
}

function makeQueryClient() {
  return new QueryClient({ defaultOptions: { queries: { retry: shouldRetry, refetchOnWindowFocus: false }, mutations: { retry: false } } });
}

let browserClient: QueryClient | undefined;

/**
 * One client per browser tab, shared by every component and by code outside components (the submit flow).
 * On the server a fresh one per call: never shared between requests (server renders only show initial data).
 */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  if (!browserClient) {
    browserClient = makeQueryClient();
    // What QueryClientProvider would do: follow the browser's online state (refetch on reconnect).
    browserClient.mount();
  }
  return browserClient;
}

/**
 * One generation; polls every second while it is queued or processing, then stops. `initial` is what the
 * server rendered the page with.
 */
export function useGeneration(id: string | null, initial?: GenerationDto) {
  return useQuery(
    {
      queryKey: generationKeys.detail(id ?? ""),
      queryFn: ({ signal }) => getGeneration(id ?? "", signal),
      enabled: id !== null && id !== "",
      initialData: initial,
      refetchInterval: (query) => {
        const data = query.state.data;
        return data && isUnfinished(data.status) ? POLL_INTERVAL_MS : false;
      },
      refetchIntervalInBackground: true,
    },
    getQueryClient(),
  );
}

/** The caller's generation allowance; refreshed every minute and whenever `refreshQuota` is called. */
export function useQuota() {
  return useQuery({ queryKey: quotaKey, queryFn: ({ signal }) => getQuota(signal), refetchInterval: 60_000, staleTime: 10_000 }, getQueryClient());
}

/** Seeds the detail cache with a freshly created generation so the panel shows it without a round trip. */
export function primeGeneration(generation: GenerationDto): void {
  const client = getQueryClient();
  client.setQueryData(generationKeys.detail(generation.id), generation);
  void client.invalidateQueries({ queryKey: generationKeys.lists });
}

/** After creating a generation (or being refused one), or signing in or out, so the allowance shown is current. */
export async function refreshQuota(): Promise<void> {
  // A quota request still on its way was sent with the old cookies (e.g. just before sign-in), and invalidating
  // alone would wait for its stale answer: cancel it, then ask again.
  const client = getQueryClient();
  await client.cancelQueries({ queryKey: quotaKey });
  await client.invalidateQueries({ queryKey: quotaKey });
}
