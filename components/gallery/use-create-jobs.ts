"use client";

import { useMutation } from "@tanstack/react-query";
import { createGeneration } from "@/lib/client/api";
import { primeGeneration } from "@/lib/client/query-cache";
import { uuid } from "@/lib/client/uuid";
import type { CreateGenerationInput } from "@/lib/validations/generation";
import { createJobs } from "./create-jobs";

/** Creates one or more jobs; fails only when none was created (a partial result carries its `error`). */
export function useCreateJobs() {
  return useMutation({
    mutationFn: async (inputs: CreateGenerationInput[]) => {
      const result = await createJobs(createGeneration, inputs, uuid);
      await Promise.all(result.created.map(primeGeneration));
      if (result.created.length === 0) throw result.error;
      return result;
    },
  });
}
