import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, type UseFormReturn } from "react-hook-form";
import {
  DEFAULT_PARAMS,
  generationParamsSchema,
  type GenerationParams,
  type GenerationParamsInput,
} from "@/lib/validations/generation";

export type GenerationFormApi = UseFormReturn<GenerationParamsInput, unknown, GenerationParams>;

// The seed box is a text input; an empty string means "pick a random seed".
export const FORM_DEFAULTS: GenerationParamsInput = { ...DEFAULT_PARAMS, seed: "" };

export function useGenerationForm(): GenerationFormApi {
  return useForm<GenerationParamsInput, unknown, GenerationParams>({
    resolver: zodResolver(generationParamsSchema),
    defaultValues: FORM_DEFAULTS,
    // Explain out-of-range values as they are typed, not only after pressing Generate.
    mode: "onChange",
  });
}
