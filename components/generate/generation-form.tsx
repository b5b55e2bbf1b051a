"use client";

import { Sparkles } from "lucide-react";
import { LazyQuotaStatus } from "@/components/auth/lazy";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { checkBlocksGenerate } from "@/lib/client/face-check-state";
import type { GenerationParams } from "@/lib/validations/generation";
import { AdvancedOptions } from "./advanced-options";
import { FaceField, type FaceState } from "./face-field";
import { FormSection, StyleControls } from "./style-controls";
import type { SubmitPhase } from "./use-submit-generation";
import { loadGenerationResolver, type GenerationFormApi } from "./use-generation-form";

type Props = {
  form: GenerationFormApi;
  face: FaceState;
  onFaceChange: (next: FaceState) => void;
  faceError?: string;
  onSubmit: (params: GenerationParams) => void;
  phase: SubmitPhase;
  error: string | null;
};

const PHASE_TEXT: Record<SubmitPhase, string> = { idle: "", uploading: "Uploading photo…", creating: "Starting generation…" };

export function GenerationForm({ form, face, onFaceChange, faceError, onSubmit, phase, error }: Props) {
  const busy = phase !== "idle";
  // No face or several faces found: Generate waits for "Use this photo anyway" (the checklist under the photo).
  const waitsForPhoto = !face.reused && checkBlocksGenerate(face.prepared?.check);
  return (
    <form
      noValidate
      onSubmit={form.handleSubmit(onSubmit)}
      onFocus={() => void loadGenerationResolver()}
      aria-label="Headshot settings"
      className="space-y-6"
    >
      <FormSection title="1. Your photo">
        <FaceField value={face} onChange={onFaceChange} disabled={busy} error={faceError} />
      </FormSection>
      <StyleControls form={form} disabled={busy}>
        <AdvancedOptions form={form} disabled={busy} />
      </StyleControls>
      {error ? <Alert title="Could not start the generation">{error}</Alert> : null}
      <div className="flex flex-col items-stretch gap-3 sm:flex-row sm:items-center">
        <Button type="submit" size="lg" disabled={busy || waitsForPhoto} aria-describedby={busy || waitsForPhoto ? "submit-phase" : undefined}>
          {busy ? <Spinner /> : <Sparkles aria-hidden="true" />}
          Generate
        </Button>
        <p id="submit-phase" role="status" className="text-sm text-ink-muted">
          {busy ? PHASE_TEXT[phase] : waitsForPhoto ? "Check the photo above first." : ""}
        </p>
        {/* The header shows the allowance from sm up; on a phone it belongs next to the button that spends it. */}
        <LazyQuotaStatus className="flex sm:hidden" />
      </div>
    </form>
  );
}
