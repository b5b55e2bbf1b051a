"use client";

import type { ReactNode } from "react";
import { useWatch } from "react-hook-form";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import { LIMITS } from "@/lib/validations/generation";
import { StyleChips } from "./style-chips";
import type { GenerationFormApi } from "./use-generation-form";

type Props = { form: GenerationFormApi; disabled?: boolean };

export function PromptFields({ form, disabled }: Props) {
  const { setValue } = form;
  const prompt = useWatch({ control: form.control, name: "prompt" });
  const promptText = typeof prompt === "string" ? prompt : "";
  return (
    <div className="space-y-5">
      <div className="space-y-2">
        <p className="text-sm font-medium text-ink" id="style-presets-label">
          Style
        </p>
        <StyleChips
          activePrompt={promptText}
          disabled={disabled}
          onPick={(preset) => setValue("prompt", preset.prompt, { shouldDirty: true, shouldValidate: true })}
        />
      </div>
      <PromptField
        form={form}
        name="prompt"
        label="Prompt"
        hint="Describe clothing, background and lighting. Pick a style above to start from a proven prompt."
        aside={<CharCount length={promptText.length} max={LIMITS.promptMax} />}
        rows={4}
        disabled={disabled}
        placeholder="e.g. professional headshot, navy blazer, soft studio lighting, grey backdrop"
      />
      <PromptField form={form} name="negativePrompt" label="Negative prompt" hint="Things the image should avoid." rows={2} disabled={disabled} />
    </div>
  );
}

type PromptFieldProps = {
  form: GenerationFormApi;
  name: "prompt" | "negativePrompt";
  label: string;
  hint: string;
  aside?: ReactNode;
  rows: number;
  disabled?: boolean;
  placeholder?: string;
};

function PromptField({ form, name, label, hint, aside, rows, disabled, placeholder }: PromptFieldProps) {
  return (
    <Field id={name} label={label} hint={hint} error={form.formState.errors[name]?.message} aside={aside}>
      {(control) => <Textarea {...control} {...form.register(name)} rows={rows} disabled={disabled} placeholder={placeholder} />}
    </Field>
  );
}

function CharCount({ length, max }: { length: number; max: number }) {
  return (
    <span className={length > max ? "text-xs font-medium text-danger-600" : "text-xs text-ink-faint tabular-nums"} aria-hidden="true">
      {length}/{max}
    </span>
  );
}
