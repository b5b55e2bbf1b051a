import { FlaskConical } from "lucide-react";

/** Shown on every page while the app talks to the simulator instead of ModelsLab. */
export function DemoBanner() {
  return (
    <div role="status" className="border-b border-warn-200 bg-warn-50 text-warn-800">
      <p className="mx-auto flex max-w-6xl items-center gap-2 px-4 py-2 text-sm sm:px-6">
        <FlaskConical aria-hidden="true" className="size-4 shrink-0" />
        <span>
          <strong className="font-semibold">Demo mode — images are simulated.</strong> Set{" "}
          <code className="rounded bg-warn-200/60 px-1 font-mono text-[0.8125rem]">MODELSLAB_API_KEY</code> to generate real headshots.
        </span>
      </p>
    </div>
  );
}
