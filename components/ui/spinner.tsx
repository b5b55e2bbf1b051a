import { LoaderCircle } from "lucide-react";
import { cn } from "@/lib/client/cn";

/** A decorative spinner; pair it with visible text or pass `label` for screen readers. */
export function Spinner({ className, size = "size-4", label }: { className?: string; size?: `size-${number}`; label?: string }) {
  return (
    <>
      <LoaderCircle aria-hidden="true" className={cn(size, "animate-spin motion-reduce:animate-none", className)} />
      {label ? <span className="sr-only">{label}</span> : null}
    </>
  );
}
