"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError, deleteGeneration } from "@/lib/client/api";
import { generationKeys } from "@/lib/client/api-hooks";
import { withoutGeneration, type GalleryData } from "./list-cache";

const lists = { queryKey: generationKeys.lists };

/** Deletes a generation, removing it from every cached list at once and restoring the lists if the server refuses. */
export function useOptimisticDelete() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      try {
        await deleteGeneration(id);
      } catch (error) {
        // Already gone (another tab deleted it): the outcome the person asked for.
        if (!(error instanceof ApiError && error.status === 404)) throw error;
      }
    },
    onMutate: async (id) => {
      await client.cancelQueries(lists);
      const snapshot = client.getQueriesData<GalleryData>(lists);
      client.setQueriesData<GalleryData>(lists, (data) => withoutGeneration(data, id));
      return { snapshot };
    },
    onError: (_error, _id, context) => {
      for (const [key, data] of context?.snapshot ?? []) client.setQueryData(key, data);
    },
    onSettled: () => client.invalidateQueries(lists),
  });
}
