"use client";

import type { ComponentProps } from "react";
import { cn } from "@/lib/client/cn";
import { focusRing } from "./focus-ring";

type Props = Omit<ComponentProps<"input">, "type" | "role" | "onChange"> & { onCheckedChange?: (checked: boolean) => void };

/**
 * An on/off switch: a native checkbox with role="switch" (keyboard, forms, labels and the checked state come
 * from the browser), drawn as a track and a thumb. Radix's switch did the same in ~1 kB gzip of the home
 * page's first load, which has no room left (e2e/first-load.spec.ts).
 */
export function Switch({ className, onCheckedChange, ...props }: Props) {
  return (
    <span className="relative inline-flex h-6 w-11 shrink-0">
      <input
        type="checkbox"
        role="switch"
        className={cn(
          "peer h-6 w-11 cursor-pointer appearance-none rounded-full bg-gray-300 transition-colors checked:bg-brand-600 disabled:cursor-not-allowed disabled:opacity-60",
          focusRing,
          className,
        )}
        onChange={(event) => onCheckedChange?.(event.target.checked)}
        {...props}
      />
      <span
        aria-hidden="true"
        className="pointer-events-none absolute top-0.5 left-0.5 size-5 rounded-full bg-white shadow transition-transform peer-checked:translate-x-5"
      />
    </span>
  );
}
