"use client";

// The style controls of a headshot, in one place: the look (style presets, Prompt, Negative prompt; the prompt
// fields are in this file) and the image settings (size, Steps, Guidance scale, Seed). The home page's form, New shoot and the shoot page's
// Edit style all render these, so the three offer the same choices under the same labels and limits. Also
// FormSection, the numbered card the two long forms are built of. No zod here: the home page loads this
// before its schema (see use-generation-form.ts), and its First Load JS has a budget (e2e/first-load.spec.ts).
import type { ReactNode } from "react";
import { useWatch } from "react-hook-form";
import { Card, CardContent } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import { LIMITS } from "@/lib/validations/generation";
import { SeedField } from "./seed-field";
import { SizeField } from "./size-field";
import { SliderNumberField } from "./slider-number-field";
import { StyleChips } from "./style-chips";
import type { GenerationFormApi } from "./use-generation-form";

type Props = {
  form: GenerationFormApi;
  disabled?: boolean;
  /**
   * The seed box's hint and what its Random button does. Default (home): an empty seed means a new random one
   * per job, Random clears the box. The team forms pass their own (one seed for everyone, see shootSeedField):
   * kept out of this file so the home page does not download the team's text.
   */
  seed?: { hint: string; onRandom: () => void; randomTitle: string };
  /**
   * What wraps "2. The look" and "3. Image settings": the numbered cards of the home page and New shoot by
   * default; Edit style, already inside a card, passes one that only lays out its children.
   */
  Section?: (props: { title: string; children: ReactNode }) => ReactNode;
  /** After the seed, e.g. the home page's Advanced options. */
  children?: ReactNode;
};

export function StyleControls({ form, disabled, seed, Section = FormSection, children }: Props) {
  return (
    <>
      <Section title="2. The look">
        <PromptFields form={form} disabled={disabled} />
      </Section>
      <Section title="3. Image settings">
        <div className="space-y-5">
          <SizeField form={form} disabled={disabled} />
          <SliderNumberField
            form={form}
            name="steps"
            label="Steps"
            hint={`${LIMITS.stepsMin}–${LIMITS.stepsMax}. More steps add detail but take longer.`}
            min={LIMITS.stepsMin}
            max={LIMITS.stepsMax}
            step={1}
            disabled={disabled}
          />
          <SliderNumberField
            form={form}
            name="guidanceScale"
            label="Guidance scale"
            hint="1.0–10.0. Higher follows the prompt more literally."
            min={LIMITS.guidanceMin}
            max={LIMITS.guidanceMax}
            step={0.1}
            disabled={disabled}
          />
          <SeedField form={form} disabled={disabled} {...seed} />
          {children}
        </div>
      </Section>
    </>
  );
}

/** One numbered step of a long form: a card with a small uppercase heading. */
export function FormSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card>
      <CardContent className="space-y-4">
        <h2 className="text-xs font-semibold tracking-wider text-ink-faint uppercase">{title}</h2>
        {children}
      </CardContent>
    </Card>
  );
}

/** Style presets, Prompt (with its length) and Negative prompt. */
function PromptFields({ form, disabled }: { form: GenerationFormApi; disabled?: boolean }) {
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
