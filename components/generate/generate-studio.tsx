"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useRef, useState } from "react";
import { toast } from "@/lib/client/toast";
import { Alert } from "@/components/ui/alert";
import type { GenerationDto } from "@/lib/client/types";
import { formFromGeneration, readHomeUrl, type ReuseMode } from "@/lib/client/url-to-form";
import type { GenerationParams } from "@/lib/validations/generation";
import { applyServerErrors } from "./apply-server-errors";
import type { FaceState } from "./face-field";
import { GenerationForm } from "./generation-form";
import { GenerationPanel } from "./generation-panel";
import { useApplyFromUrl } from "./use-apply-from-url";
import { useGenerationForm } from "./use-generation-form";
import { useSubmitGeneration, type FaceSource, type Submission } from "./use-submit-generation";

function faceSource(face: FaceState): FaceSource | null {
  if (face.reused) return { kind: "existing", id: face.reused.id };
  return face.prepared ? { kind: "prepared", prepared: face.prepared } : null;
}

export function GenerateStudio() {
  const router = useRouter();
  const pathname = usePathname();
  const url = readHomeUrl(useSearchParams());
  const form = useGenerationForm();
  const [face, setFace] = useState<FaceState>({ prepared: null, reused: null });
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
  const fromState = useApplyFromUrl(url.from, applyFrom);

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

  const onSubmit = (params: GenerationParams) => {
    const source = faceSource(face);
    if (!source) {
      setFaceError("Add a face photo first.");
      return;
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
      <div className="space-y-4">
        {fromState.error ? <Alert title="Could not load those settings">{fromState.error}</Alert> : null}
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
          busy={busy}
          onGenerateAgain={generateAgain}
          onReuseSeed={reuseSeed}
          onDismiss={() => showGeneration(null)}
        />
      </div>
    </div>
  );
}
