import type { ComponentProps } from "react";
import { cn } from "@/lib/client/cn";

/** A native range input styled with the brand colour; keep a labelled number input beside it for exact values. */
export function Range({ className, ...props }: Omit<ComponentProps<"input">, "type">) {
  return (
    <input
      type="range"
      className={cn(
        "h-2 w-full cursor-pointer accent-brand-600 disabled:cursor-not-allowed disabled:opacity-60",
        "focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-brand-500",
        className,
      )}
      {...props}
    />
  );
}
