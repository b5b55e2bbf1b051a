"use client";

import { ChevronDown } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import type { GenerationFormApi } from "./use-generation-form";

// Closed by default, so its switch (and Radix Switch, ~3 kB) loads on first open, not with the page.
const Base64Field = dynamic(() => import("./base64-field").then((m) => m.Base64Field), {
  loading: () => <div className="h-12 animate-pulse rounded-md bg-surface-sunken" aria-busy="true" />,
});

type Props = { form: GenerationFormApi; disabled?: boolean };

export function AdvancedOptions({ form, disabled }: Props) {
  const [opened, setOpened] = useState(false);
  return (
    <details
      className="group rounded-lg border border-surface-border bg-white"
      onToggle={(e) => {
        if (e.currentTarget.open) setOpened(true);
      }}
    >
      <summary className="flex cursor-pointer list-none items-center justify-between rounded-lg px-4 py-3 text-sm font-medium text-ink focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:ring-offset-2 [&::-webkit-details-marker]:hidden">
        Advanced
        <ChevronDown aria-hidden="true" className="size-4 text-ink-faint transition-transform group-open:rotate-180" />
      </summary>
      <div className="border-t border-surface-border px-4 py-4">
        {opened ? <Base64Field form={form} disabled={disabled} /> : null}
      </div>
    </details>
  );
}
