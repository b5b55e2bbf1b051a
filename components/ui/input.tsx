import type { ComponentProps } from "react";
import { cn } from "@/lib/client/cn";
import { focusRing } from "./focus-ring";

// Everything but the width, for controls that are not full width (a short <select>).
export const controlSkin = cn(
  "rounded-lg border border-surface-border bg-white px-3 text-sm text-ink shadow-xs placeholder:text-ink-faint",
  "disabled:cursor-not-allowed disabled:bg-surface-sunken disabled:opacity-70",
  "aria-[invalid=true]:border-danger-600",
  focusRing,
);

export const controlClasses = cn("w-full", controlSkin);

/** A text box; pass `fullWidth={false}` to size it with a width class instead. */
export function Input({ className, type = "text", fullWidth = true, ...props }: ComponentProps<"input"> & { fullWidth?: boolean }) {
  return <input type={type} className={cn(fullWidth ? controlClasses : controlSkin, "h-10", className)} {...props} />;
}
