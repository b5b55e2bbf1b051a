"use client";

import { LazyCompareSlider } from "@/components/generate/lazy-compare-slider";
import type { GenerationDto } from "@/lib/client/types";

export function CompareSection({ generation }: { generation: GenerationDto }) {
  const output = generation.outputs[0];
  if (!output) return null;
  return (
    <section aria-labelledby="compare-title" className="flex w-full max-w-lg flex-col gap-3">
      <h2 id="compare-title" className="text-base font-semibold text-ink">
        Before and after
      </h2>
      <LazyCompareSlider
        before={generation.face.url}
        after={output.url}
        beforeAlt="Before: your face photo"
        afterAlt={`After: ${generation.params.prompt}`}
        width={output.width}
        height={output.height}
      />
      <p className="text-xs text-ink-faint">Drag, or focus the divider and use the arrow keys: your face photo is on the left, the headshot on the right.</p>
    </section>
  );
}
