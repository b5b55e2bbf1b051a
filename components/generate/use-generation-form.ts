import { useForm, type Resolver, type UseFormReturn } from "react-hook-form";
import type { GenerationParams, GenerationParamsInput } from "@/lib/validations/generation";
import { DEFAULT_PARAMS } from "@/lib/validations/generation";

export type GenerationFormApi = UseFormReturn<GenerationParamsInput, unknown, GenerationParams>;

// The seed box is a text input; an empty string means "pick a random seed".
export const FORM_DEFAULTS: GenerationParamsInput = { ...DEFAULT_PARAMS, seed: "" };

/** Starts loading the schema (zod) early, e.g. when the form is first touched. */
export const loadGenerationResolver = () => import("./generation-resolver");

// zod is ~32 kB gzipped; it is fetched on the first validation (or first focus), never before the page loads.
const lazyResolver: Resolver<GenerationParamsInput, unknown, GenerationParams> = async (...args) =>
  (await loadGenerationResolver()).generationResolver(...args);

/** `defaultValues`: where the form starts (settings reused from an earlier generation), else the defaults. */
export function useGenerationForm(defaultValues: GenerationParamsInput = FORM_DEFAULTS): GenerationFormApi {
  return useForm<GenerationParamsInput, unknown, GenerationParams>({
    resolver: lazyResolver,
    defaultValues,
    // Explain out-of-range values as they are typed, not only after pressing Generate.
    mode: "onChange",
  });
}
