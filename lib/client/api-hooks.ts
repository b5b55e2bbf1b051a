import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { isUnfinished } from "@/lib/validations/generation";
import { deleteGeneration, getGeneration, listGenerations, type GenerationListFilters } from "./api";
import { generationKeys } from "./query-keys";

export { generationKeys } from "./query-keys";

export const POLL_INTERVAL_MS = 1000;

/** One generation; polls every second while it is queued or processing, then stops. */
export function useGeneration(id: string | null, opts: { poll?: boolean } = {}) {
  const poll = opts.poll ?? true;
  return useQuery({
    queryKey: generationKeys.detail(id ?? ""),
    queryFn: ({ signal }) => getGeneration(id ?? "", signal),
    enabled: id !== null && id !== "",
    refetchInterval: (query) => {
      const data = query.state.data;
      return poll && data && isUnfinished(data.status) ? POLL_INTERVAL_MS : false;
    },
    refetchIntervalInBackground: true,
  });
}

export function useGenerationList(filters: GenerationListFilters = {}) {
  return useInfiniteQuery({
    queryKey: generationKeys.list(filters),
    queryFn: ({ pageParam, signal }) => listGenerations({ ...filters, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useDeleteGeneration() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteGeneration(id),
    onSuccess: (_data, id) => {
      client.removeQueries({ queryKey: generationKeys.detail(id) });
      void client.invalidateQueries({ queryKey: generationKeys.lists });
    },
  });
}
