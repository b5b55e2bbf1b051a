import { Sparkles } from "lucide-react";
import { Card } from "@/components/ui/card";

const TIPS = [
  "Use a well-lit, front-facing photo with only you in it.",
  "Pick a style, then adjust the prompt to taste.",
  "Keep the seed to make small variations of a result you like.",
];

export function EmptyPreview() {
  return (
    <Card className="flex flex-col items-center gap-6 px-6 py-12 text-center">
      <div className="grid size-14 place-items-center rounded-2xl bg-brand-50 text-brand-600">
        <Sparkles aria-hidden="true" className="size-7" />
      </div>
      <div className="space-y-2">
        <h2 className="text-lg font-semibold text-ink">Your headshot will appear here</h2>
        <p className="mx-auto max-w-sm text-sm text-ink-muted">Add a face photo, choose a look and press Generate.</p>
      </div>
      <ul className="w-full max-w-sm space-y-2 text-left text-sm text-ink-muted">
        {TIPS.map((tip) => (
          <li key={tip} className="flex gap-2">
            <span aria-hidden="true" className="mt-2 size-1.5 shrink-0 rounded-full bg-brand-500" />
            {tip}
          </li>
        ))}
      </ul>
    </Card>
  );
}
