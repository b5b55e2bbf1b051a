"use client";

// The style controls of a headshot, in one place: the look (style presets, Prompt, Negative prompt) and the
// image settings (size, Steps, Guidance scale, Seed). The home page's form, New shoot and the shoot page's
// Edit style all render these, so the three offer the same choices under the same labels and limits. Also
// FormSection, the numbered card the two long forms are built of. No zod here: the home page loads this
// before its schema (see use-generation-form.ts).
import type { ReactNode } from "react";
import { Card, CardContent } from "@/components/ui/card";
import { LIMITS } from "@/lib/validations/generation";
import { PromptFields } from "./prompt-fields";
import { SeedField } from "./seed-field";
import { SizeField } from "./size-field";
import { SliderNumberField } from "./slider-number-field";
import type { GenerationFormApi } from "./use-generation-form";

type Props = {
  form: GenerationFormApi;
  disabled?: boolean;
  /**
   * The seed box's hint and what its Random button does. Default (home): an empty seed means a new random one
   * per job, Random clears the box. The team forms pass their own (one seed for everyone, see shootSeedField):
   * kept out of this file so the home page does not download the team's text.
   */
  seed?: { hint: string; onRandom: () => void };
  /**
   * Without the two numbered cards ("2. The look", "3. Image settings") the home page and New shoot put them in:
   * the look, then the image settings, for a caller that lays them out itself (Edit style, inside a card).
   */
  bare?: boolean;
  /** After the seed, e.g. the home page's Advanced options. */
  children?: ReactNode;
};

export function StyleControls({ form, disabled, seed, bare, children }: Props) {
  const look = <PromptFields form={form} disabled={disabled} />;
  const image = (
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
  );
  return bare ? (
    <>
      {look}
      {image}
    </>
  ) : (
    <>
      <FormSection title="2. The look">{look}</FormSection>
      <FormSection title="3. Image settings">{image}</FormSection>
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
