import type { GenerationDto } from "@/lib/client/types";
import type { CreateGenerationInput } from "@/lib/validations/generation";

export type CreateFn = (input: CreateGenerationInput, idempotencyKey: string) => Promise<GenerationDto>;

export type CreateJobsResult = { created: GenerationDto[]; error: unknown };

/**
 * Creates jobs one after another, each with its own idempotency key, and stops at the first refusal:
 * after a quota or rate-limit answer the next request would be refused too.
 */
export async function createJobs(create: CreateFn, inputs: CreateGenerationInput[], newKey: () => string): Promise<CreateJobsResult> {
  const created: GenerationDto[] = [];
  for (const input of inputs) {
    try {
      created.push(await create(input, newKey()));
    } catch (error) {
      return { created, error };
    }
  }
  return { created, error: null };
}
