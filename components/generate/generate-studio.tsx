"use client";

// The home page's studio: the form (photo, look, settings), submitting it, and the result panel.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { type ReactNode, useCallback, useEffect, useEffectEvent, useRef, useState } from "react";
import { toast } from "@/components/ui/toast";
import { Alert } from "@/components/ui/alert";
import type { ApiError } from "@/lib/client/api";
import { checkBlocksGenerate, settleCheck } from "@/lib/client/face-check-state";
import type { GenerationDto } from "@/lib/client/types";
import { formFromGeneration, readHomeUrl, type ReuseMode } from "@/lib/client/url-to-form";
import type { GenerationParams, GenerationParamsInput } from "@/lib/validations/generation";
import type { FaceState } from "./face-field";
import { GenerationForm } from "./generation-form";
import { GenerationPanel } from "./generation-panel";
import { FORM_DEFAULTS, useGenerationForm, type GenerationFormApi } from "./use-generation-form";
import { useSubmitGeneration, type FaceSource, type SubmitFailure, type Submission } from "./use-submit-generation";

/**
 * Where the form starts when the page was opened from an earlier generation (`?from=<id>&reuse=…`, read
 * on the server): that generation, or why it could not be loaded.
 */
export type StudioStart = { generation: GenerationDto; reuse: ReuseMode } | { error: string } | null;

const PARAM_FIELDS = ["prompt", "negativePrompt", "width", "height", "steps", "guidanceScale", "seed", "base64"] as const;
type ParamField = (typeof PARAM_FIELDS)[number] & keyof GenerationParamsInput;

const isParamField = (key: string): key is ParamField => (PARAM_FIELDS as readonly string[]).includes(key);

/** Puts a failed submission's messages where a person looks: next to the field, on the face photo, or in the form alert. */
function applyServerErrors(form: GenerationFormApi, failure: SubmitFailure): { faceError?: string; formError: string } {
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

function faceSource(face: FaceState): FaceSource | null {
  if (face.reused) return { kind: "existing", id: face.reused.id };
  return face.prepared ? { kind: "prepared", prepared: face.prepared } : null;
}

/** `emptyPreview`: what the result panel shows before there is a generation (a server component, see page.tsx). */
export function GenerateStudio({ start, emptyPreview }: { start: StudioStart; emptyPreview: ReactNode }) {
  const router = useRouter();
  const pathname = usePathname();
  const url = readHomeUrl(useSearchParams());
  const from = start && "generation" in start ? start : null;
  // The server sent the earlier generation with the page, so the form renders with its values at once.
  const [initial] = useState(() => (from ? formFromGeneration(from.generation, from.reuse, FORM_DEFAULTS) : null));
  const form = useGenerationForm(initial?.values);
  const [face, setFace] = useState<FaceState>({ prepared: null, reused: initial?.face ?? null });
  const [faceError, setFaceError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const { submit, phase, busy, submissionFor } = useSubmitGeneration();
  const panelRef = useRef<HTMLDivElement>(null);

  const showGeneration = useCallback(
    (id: string | null) => router.replace(id ? `${pathname}?g=${encodeURIComponent(id)}` : pathname, { scroll: false }),
    [router, pathname],
  );

  const applyFrom = (generation: GenerationDto, reuse: ReuseMode) => {
    const { values, face: reused } = formFromGeneration(generation, reuse, form.getValues());
    form.reset(values);
    if (reused) setFace((f) => ({ ...f, reused }));
    showGeneration(url.generationId);
    toast.success(reuse === "all" ? "Loaded the settings and face photo from that generation." : `Seed ${generation.params.seed} is in the Seed field.`);
  };
  // Once per earlier generation: confirm it with a toast and take `from` out of the address.
  const appliedFrom = useRef<string | null>(null);
  const fromKey = from ? `${from.generation.id}:${from.reuse}` : null;
  const onFrom = useEffectEvent(() => {
    if (from) applyFrom(from.generation, from.reuse);
  });
  useEffect(() => {
    if (fromKey === null || appliedFrom.current === fromKey) return;
    appliedFrom.current = fromKey;
    onFrom();
  }, [fromKey]);

  async function run(submission: Submission) {
    setFormError(null);
    setFaceError(undefined);
    const result = await submit(submission);
    if (!result) return;
    if (result.ok) {
      showGeneration(result.generation.id);
      if (window.matchMedia("(max-width: 1023px)").matches) panelRef.current?.scrollIntoView({ behavior: "smooth", block: "start" });
      return;
    }
    const shown = applyServerErrors(form, result.failure);
    setFaceError(shown.faceError);
    setFormError(shown.formError);
    toast.error(shown.formError);
  }

  const onSubmit = async (params: GenerationParams) => {
    let source = faceSource(face);
    if (!source) {
      setFaceError("Add a face photo first.");
      return;
    }
    // Pressed while the photo is still being checked: wait for its verdict (settleCheck).
    if (source.kind === "prepared") {
      source = { kind: "prepared", prepared: await settleCheck(source.prepared) };
      if (checkBlocksGenerate(source.prepared.check)) return;
    }
    void run({ params, face: source });
  };

  const generateAgain = (generation: GenerationDto) => {
    // Same settings; the seed stays random unless one was set for the original submission.
    const fallback: Submission = { params: { ...generation.params, seed: undefined }, face: { kind: "existing", id: generation.face.id } };
    void run(submissionFor(generation.id) ?? fallback);
  };

  const reuseSeed = (generation: GenerationDto) => {
    form.setValue("seed", String(generation.params.seed), { shouldDirty: true, shouldValidate: true });
    form.setFocus("seed");
    toast.success(`Seed ${generation.params.seed} is in the Seed field.`);
  };

  return (
    <div className="grid items-start gap-8 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      {/* min-w-0: a long photo file name (truncated in the preview) must not widen the column past a phone's screen. */}
      <div className="min-w-0 space-y-4">
        {start && "error" in start ? <Alert title="Could not load those settings">{start.error}</Alert> : null}
        <GenerationForm
          form={form}
          face={face}
          onFaceChange={(next) => {
            setFace(next);
            setFaceError(undefined);
          }}
          faceError={faceError}
          onSubmit={onSubmit}
          phase={phase}
          error={formError}
        />
      </div>
      <div ref={panelRef} className="scroll-mt-6 lg:sticky lg:top-6">
        <GenerationPanel
          generationId={url.generationId}
          empty={emptyPreview}
          busy={busy}
          onGenerateAgain={generateAgain}
          onReuseSeed={reuseSeed}
          onDismiss={() => showGeneration(null)}
        />
      </div>
    </div>
  );
}
