import { focusRing } from "@/components/ui/focus-ring";
import { cn } from "@/lib/client/cn";

export type ResultView = "result" | "compare";

const OPTIONS: { value: ResultView; label: string }[] = [
  { value: "result", label: "Result" },
  { value: "compare", label: "Compare" },
];

export function ViewToggle({ value, onChange }: { value: ResultView; onChange: (v: ResultView) => void }) {
  return (
    <div role="group" aria-label="View" className="inline-flex rounded-lg bg-surface-sunken p-0.5">
      {OPTIONS.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={value === o.value}
          onClick={() => onChange(o.value)}
          className={cn(
            "rounded-md px-3 py-1 text-sm font-medium transition-colors",
            value === o.value ? "bg-white text-ink shadow-sm" : "text-ink-muted hover:text-ink",
            focusRing,
          )}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
