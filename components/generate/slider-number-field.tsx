"use client";

import { useCallback, useLayoutEffect, useRef } from "react";
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
  const input = useRef<HTMLInputElement | null>(null);
  const { ref: fieldRef, onChange } = field;
  const ref = useCallback(
    (el: HTMLInputElement | null) => {
      input.current = el;
      fieldRef(el);
    },
    [fieldRef],
  );
  // The number box is in the server-rendered HTML, and the form hydrates a moment after the page shows (its script
  // loads on its own, lazy-generate-studio.tsx): a number typed before then is still in the box, but this
  // controlled input's first re-render would put the form's value back over it. Take it now, in a layout effect
  // (it runs before react-hook-form's own, in the form above, which causes that re-render), and check it like
  // any typed value.
  useLayoutEffect(() => {
    const typed = input.current?.value;
    if (typed !== undefined && typed !== text) onChange(typed);
    // Once, on mount: later edits arrive through onChange.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
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
            onChange={(e) => onChange(e.target.valueAsNumber)}
            className="flex-1"
          />
          <NumberInput
            {...control}
            ref={ref}
            name={field.name}
            value={text}
            min={min}
            max={max}
            step={step}
            disabled={disabled}
            onChange={(e) => onChange(e.target.value)}
            onBlur={field.onBlur}
            fullWidth={false}
            className="w-24 text-right"
          />
        </div>
      )}
    </Field>
  );
}
