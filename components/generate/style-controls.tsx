"use client";

// The style controls of a headshot, in one place: the look (style presets, Prompt, Negative prompt) and the
// image settings (size, Steps, Guidance scale, Seed). The home page's form, New shoot and the shoot page's
// Edit style all render these, so the three offer the same choices under the same labels and limits. Also
// FormSection, the numbered card the two long forms are built of. No zod here: the home page loads this
// before its schema (see use-generation-form.ts), and its First Load JS has a budget (e2e/first-load.spec.ts).
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
