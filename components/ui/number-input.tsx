import type { ComponentProps } from "react";
import { cn } from "@/lib/client/cn";
import { Input } from "./input";

/** A numeric text box: a numeric keyboard on phones without the browser's spin buttons. */
export function NumberInput({ className, ...props }: Omit<ComponentProps<typeof Input>, "type">) {
  return (
    <Input
      type="number"
      inputMode="decimal"
      className={cn("tabular-nums [appearance:textfield] [&::-webkit-inner-spin-button]:appearance-none", className)}
      {...props}
    />
  );
}
