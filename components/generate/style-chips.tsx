import { focusRing } from "@/components/ui/focus-ring";
import { cn } from "@/lib/client/cn";
import { STYLE_PRESETS, type StylePreset } from "./style-presets";

type Props = { activePrompt: string; onPick: (preset: StylePreset) => void; disabled?: boolean };

export function StyleChips({ activePrompt, onPick, disabled }: Props) {
  return (
    <div role="group" aria-label="Style presets" className="flex flex-wrap gap-2">
      {STYLE_PRESETS.map((preset) => {
        const active = activePrompt === preset.prompt;
        return (
          <button
            key={preset.id}
            type="button"
            aria-pressed={active}
            disabled={disabled}
            onClick={() => onPick(preset)}
            className={cn(
              "rounded-full border px-3 py-1 text-sm font-medium transition-colors disabled:opacity-60",
              active ? "border-brand-600 bg-brand-600 text-white" : "border-surface-border bg-white text-ink-muted hover:border-brand-500 hover:text-ink",
              focusRing,
            )}
          >
            {preset.label}
          </button>
        );
      })}
    </div>
  );
}
