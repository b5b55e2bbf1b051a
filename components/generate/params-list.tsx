import type { GenerationDto } from "@/lib/client/types";

export function ParamsList({ generation }: { generation: GenerationDto }) {
  const p = generation.params;
  const rows: [string, string][] = [
    ["Seed", String(p.seed)],
    ["Size", `${p.width} × ${p.height}`],
    ["Steps", String(p.steps)],
    ["Guidance scale", p.guidanceScale.toFixed(1)],
    ["Return base64", p.base64 ? "Yes" : "No"],
  ];
  if (generation.generationTimeSeconds !== null) rows.push(["Generation time", `${generation.generationTimeSeconds.toFixed(1)} s`]);
  return (
    <div className="space-y-4 text-sm">
      <dl className="grid grid-cols-2 gap-x-4 gap-y-3 sm:grid-cols-3">
        {rows.map(([term, value]) => (
          <div key={term} className="min-w-0">
            <dt className="text-xs text-ink-faint">{term}</dt>
            <dd className="truncate font-medium text-ink tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      <dl className="space-y-3">
        <div>
          <dt className="text-xs text-ink-faint">Prompt</dt>
          <dd className="break-words text-ink">{p.prompt}</dd>
        </div>
        {p.negativePrompt ? (
          <div>
            <dt className="text-xs text-ink-faint">Negative prompt</dt>
            <dd className="break-words text-ink-muted">{p.negativePrompt}</dd>
          </div>
        ) : null}
      </dl>
    </div>
  );
}
