import { LoaderCircle } from "lucide-react";
import { cn } from "@/lib/client/cn";

/** A decorative spinner; pair it with visible text or pass `label` for screen readers. */
export function Spinner({ className, label }: { className?: string; label?: string }) {
  return (
    <>
      <LoaderCircle aria-hidden="true" className={cn("size-4 animate-spin motion-reduce:animate-none", className)} />
      {label ? <span className="sr-only">{label}</span> : null}
    </>
  );
}
