"use client";

import { useController } from "react-hook-form";
import { Field } from "@/components/ui/field";
import { NumberInput } from "@/components/ui/number-input";
import { Range } from "@/components/ui/range";
import type { GenerationFormApi } from "./use-generation-form";

type Props = {
  form: GenerationFormApi;
  name: "steps" | "guidanceScale";
  label: string;
  hint: string;
  min: number;
  max: number;
  step: number;
  disabled?: boolean;
};

/** A number box with a range beside it; both edit the same value, the number box is the labelled control. */
export function SliderNumberField({ form, name, label, hint, min, max, step, disabled }: Props) {
  const { field, fieldState } = useController({ control: form.control, name });
  const raw = field.value;
  const text = typeof raw === "number" || typeof raw === "string" ? String(raw) : "";
  const numeric = Number(text);
  const rangeValue = text !== "" && Number.isFinite(numeric) ? Math.min(max, Math.max(min, numeric)) : min;
  return (
    <Field id={name} label={label} hint={hint} error={fieldState.error?.message}>
      {(control) => (
        <div className="flex items-center gap-3">
          {/* Pointer convenience only; keyboard and screen-reader users use the number box. */}
          <Range
            aria-hidden="true"
            tabIndex={-1}
            min={min}
            max={max}
            step={step}
            value={rangeValue}
            disabled={disabled}
            onChange={(e) => field.onChange(e.target.valueAsNumber)}
            className="flex-1"
          />
          <NumberInput
            {...control}
            ref={field.ref}
            name={field.name}
            value={text}
            min={min}
            max={max}
            step={step}
            disabled={disabled}
            onChange={(e) => field.onChange(e.target.value)}
            onBlur={field.onBlur}
            fullWidth={false}
            className="w-24 text-right"
          />
        </div>
      )}
    </Field>
  );
}
