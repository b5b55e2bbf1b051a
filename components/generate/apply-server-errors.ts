import type { ApiError } from "@/lib/client/api-error";
import type { GenerationParamsInput } from "@/lib/validations/generation";
import type { SubmitFailure } from "./use-submit-generation";
import type { GenerationFormApi } from "./use-generation-form";

const PARAM_FIELDS = ["prompt", "negativePrompt", "width", "height", "steps", "guidanceScale", "seed", "base64"] as const;
type ParamField = (typeof PARAM_FIELDS)[number] & keyof GenerationParamsInput;

const isParamField = (key: string): key is ParamField => (PARAM_FIELDS as readonly string[]).includes(key);

/** Puts a failed submission's messages where a person looks: next to the field, on the face photo, or in the form alert. */
export function applyServerErrors(form: GenerationFormApi, failure: SubmitFailure): { faceError?: string; formError: string } {
  const { error, stage } = failure;
  let faceError = stage === "upload" ? error.message : undefined;
  for (const [key, message] of Object.entries(error.fields ?? {})) {
    if (isParamField(key)) form.setError(key, { type: "server", message }, { shouldFocus: true });
    else if (key === "faceId" || key === "file") faceError = message;
  }
  return { faceError, formError: summary(error) };
}

function summary(error: ApiError): string {
  if (error.retryAfterSeconds && !/\d/.test(error.message)) return `${error.message} Try again in ${Math.ceil(error.retryAfterSeconds)} s.`;
  return error.message;
}
