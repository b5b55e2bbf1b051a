"use client";

import { ChevronDown } from "lucide-react";
import { Controller } from "react-hook-form";
import { focusRing } from "@/components/ui/focus-ring";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { cn } from "@/lib/client/cn";
import type { GenerationFormApi } from "./use-generation-form";

type Props = { form: GenerationFormApi; disabled?: boolean };

/** Closed by default: settings only useful for debugging, today the "Return base64" switch. */
export function AdvancedOptions({ form, disabled }: Props) {
  return (
    <details className="group rounded-lg border border-surface-border bg-white">
      <summary className={cn("flex cursor-pointer list-none items-center justify-between rounded-lg px-4 py-3 text-sm font-medium text-ink [&::-webkit-details-marker]:hidden", focusRing)}>
        Advanced
        <ChevronDown aria-hidden="true" className="size-4 text-ink-faint transition-transform group-open:rotate-180" />
      </summary>
      <div className="border-t border-surface-border px-4 py-4">
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
      </div>
    </details>
  );
}
