import { Sparkles } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";

const TIPS = [
  "Use a well-lit, front-facing photo with only you in it.",
  "Pick a style, then adjust the prompt to taste.",
  "Keep the seed to make small variations of a result you like.",
];

export function EmptyPreview() {
  return (
    <EmptyState frame="card" icon={Sparkles} title="Your headshot will appear here" description="Add a face photo, choose a look and press Generate.">
      <ul className="mt-2 w-full max-w-sm space-y-2 text-left text-sm text-ink-muted">
        {TIPS.map((tip) => (
          <li key={tip} className="flex gap-2">
            <span aria-hidden="true" className="mt-2 size-1.5 shrink-0 rounded-full bg-brand-500" />
            {tip}
          </li>
        ))}
      </ul>
    </EmptyState>
  );
}
