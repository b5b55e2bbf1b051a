"use client";

import { Dices } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { NumberInput } from "@/components/ui/number-input";
import { LIMITS } from "@/lib/validations/generation";
import type { GenerationFormApi } from "./use-generation-form";

type Props = {
  form: GenerationFormApi;
  disabled?: boolean;
  /** Replaces the default hint (the team shoot form explains its one seed for everyone). */
  hint?: string;
  /** What "Random" does; by default it clears the box so each generation picks a new seed. */
  onRandom?: () => void;
  /** Random's tooltip, saying what onRandom does. */
  randomTitle?: string;
};

export function SeedField({ form, disabled, hint, onRandom, randomTitle }: Props) {
  const { register, setValue, formState } = form;
  return (
    <Field
      id="seed"
      label="Seed"
      hint={hint ?? "Leave empty for a random seed. The same seed and settings give a similar image."}
      error={formState.errors.seed?.message}
    >
      {(control) => (
        <div className="flex gap-2">
          <NumberInput
            {...control}
            {...register("seed")}
            min={0}
            max={LIMITS.seedMax}
            step={1}
            inputMode="numeric"
            placeholder="Random"
            disabled={disabled}
          />
          <Button
            variant="secondary"
            disabled={disabled}
            onClick={onRandom ?? (() => setValue("seed", "", { shouldDirty: true, shouldValidate: true }))}
            title={randomTitle ?? "Clear the seed so each generation picks a new one"}
          >
            <Dices aria-hidden="true" />
            Random
          </Button>
        </div>
      )}
    </Field>
  );
}
