import type { ComponentProps } from "react";
import { cn } from "@/lib/client/cn";
import { focusRing } from "./focus-ring";

export const controlClasses = cn(
  "w-full rounded-lg border border-surface-border bg-white px-3 text-sm text-ink shadow-xs placeholder:text-ink-faint",
  "disabled:cursor-not-allowed disabled:bg-surface-sunken disabled:opacity-70",
  "aria-[invalid=true]:border-danger-600",
  focusRing,
);

export function Input({ className, type = "text", ...props }: ComponentProps<"input">) {
  return <input type={type} className={cn(controlClasses, "h-10", className)} {...props} />;
}
