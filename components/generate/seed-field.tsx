"use client";

import { Dices } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { NumberInput } from "@/components/ui/number-input";
import { LIMITS } from "@/lib/validations/generation";
import type { GenerationFormApi } from "./use-generation-form";

type Props = { form: GenerationFormApi; disabled?: boolean };

export function SeedField({ form, disabled }: Props) {
  const { register, setValue, formState } = form;
  return (
    <Field
      id="seed"
      label="Seed"
      hint="Leave empty for a random seed. The same seed and settings give a similar image."
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
            onClick={() => setValue("seed", "", { shouldDirty: true, shouldValidate: true })}
            title="Clear the seed so each generation picks a new one"
          >
            <Dices aria-hidden="true" />
            Random
          </Button>
        </div>
      )}
    </Field>
  );
}
