"use client";

import { Controller } from "react-hook-form";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import type { GenerationFormApi } from "./use-generation-form";

/** The "Return base64" switch; loaded when the Advanced section is first opened (it brings Radix Switch). */
export function Base64Field({ form, disabled }: { form: GenerationFormApi; disabled?: boolean }) {
  return (
    <Controller
      control={form.control}
      name="base64"
      render={({ field }) => (
        <div className="flex items-start justify-between gap-4">
          <div className="space-y-1">
            <Label htmlFor="base64">Return base64</Label>
            <p id="base64-hint" className="text-xs text-ink-faint">
              Ask the model to send the image inline instead of as a link. Slower; only useful for debugging.
            </p>
          </div>
          <Switch
            id="base64"
            ref={field.ref}
            name={field.name}
            aria-describedby="base64-hint"
            checked={field.value === true}
            onCheckedChange={(checked) => field.onChange(checked)}
            onBlur={field.onBlur}
            disabled={disabled}
          />
        </div>
      )}
    />
  );
}
