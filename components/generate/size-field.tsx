"use client";

import { useState } from "react";
import { useWatch } from "react-hook-form";
import { Field } from "@/components/ui/field";
import { focusRing } from "@/components/ui/focus-ring";
import { NumberInput } from "@/components/ui/number-input";
import { cn } from "@/lib/client/cn";
import { LIMITS, SIZE_PRESETS } from "@/lib/validations/generation";
import type { GenerationFormApi } from "./use-generation-form";

type Props = { form: GenerationFormApi; disabled?: boolean };

export function SizeField({ form, disabled }: Props) {
  const { register, setValue, setFocus, formState } = form;
  const [width, height] = useWatch({ control: form.control, name: ["width", "height"] });
  const [customChosen, setCustomChosen] = useState(false);
  const matching = SIZE_PRESETS.find((p) => Number(width) === p.width && Number(height) === p.height)?.id;
  const active = customChosen || !matching ? "custom" : matching;
  const pick = (w: number, h: number) => {
    setCustomChosen(false);
    setValue("width", w, { shouldDirty: true, shouldValidate: true });
    setValue("height", h, { shouldDirty: true, shouldValidate: true });
  };
  const size = { min: LIMITS.sizeMin, max: LIMITS.sizeMax, step: 8, inputMode: "numeric" as const, disabled };
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium text-ink">Size</legend>
      <div role="group" aria-label="Size presets" className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {SIZE_PRESETS.map((p) => (
          <PresetButton key={p.id} pressed={active === p.id} disabled={disabled} onClick={() => pick(p.width, p.height)}>
            <span className="font-medium">{p.label}</span>
            <span className="text-xs tabular-nums opacity-80">
              {p.width}×{p.height}
            </span>
          </PresetButton>
        ))}
        <PresetButton pressed={active === "custom"} disabled={disabled} onClick={() => {
            setCustomChosen(true);
            setFocus("width");
          }}>
          <span className="font-medium">Custom</span>
          <span className="text-xs opacity-80">up to {LIMITS.sizeMax}</span>
        </PresetButton>
      </div>
      <div className="grid grid-cols-2 gap-3">
        <Field id="width" label="Width" error={formState.errors.width?.message}>
          {(control) => <NumberInput {...control} {...register("width")} {...size} />}
        </Field>
        <Field id="height" label="Height" error={formState.errors.height?.message}>
          {(control) => <NumberInput {...control} {...register("height")} {...size} />}
        </Field>
      </div>
    </fieldset>
  );
}

type PresetButtonProps = { pressed: boolean; disabled?: boolean; onClick: () => void; children: React.ReactNode };

function PresetButton({ pressed, disabled, onClick, children }: PresetButtonProps) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      disabled={disabled}
      onClick={onClick}
      className={cn(
        "flex flex-col items-center gap-0.5 rounded-lg border px-2 py-2 text-sm transition-colors disabled:opacity-60",
        pressed ? "border-brand-600 bg-brand-50 text-brand-700" : "border-surface-border bg-white text-ink hover:border-brand-500",
        focusRing,
      )}
    >
      {children}
    </button>
  );
}
