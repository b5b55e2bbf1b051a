"use client";

import { Layers } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { focusRing } from "@/components/ui/focus-ring";
import { controlSkin } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/client/api";
import { cn } from "@/lib/client/cn";
import type { GenerationDto } from "@/lib/client/types";
import { useCreateJobs, VARIATIONS_MAX, VARIATIONS_MIN, variationInputs } from "./create-jobs";
import { VariationStatus } from "./variation-status";

const COUNTS = Array.from({ length: VARIATIONS_MAX - VARIATIONS_MIN + 1 }, (_, i) => VARIATIONS_MIN + i);

/** N new jobs with the same settings; the server picks a new random seed for each. */
export function VariationsPanel({ generation }: { generation: GenerationDto }) {
  const [count, setCount] = useState(2);
  const [created, setCreated] = useState<string[]>([]);
  const create = useCreateJobs();
  const start = () =>
    create.mutate(variationInputs(generation, count), {
      onSuccess: (result) => {
        setCreated((ids) => [...result.created.map((g) => g.id), ...ids]);
        const n = result.created.length;
        toast.success(`${n} variation${n === 1 ? "" : "s"} started`);
        if (result.error) toast.error(`Only ${n} of ${count} started: ${errorMessage(result.error)}`);
      },
      onError: (error) => toast.error(errorMessage(error)),
    });
  return (
    <section aria-labelledby="variations-title" className="flex flex-col gap-3 rounded-card border border-surface-border bg-white p-4">
      <div className="flex flex-col gap-0.5">
        <h2 id="variations-title" className="text-base font-semibold text-ink">More like this</h2>
        <p className="text-sm text-ink-muted">Same face, prompt and settings, new random seeds.</p>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor="variation-count" className="text-sm font-medium text-ink">How many</label>
        <select id="variation-count" value={count} onChange={(e) => setCount(Number(e.target.value))} className={cn(controlSkin, "h-10 w-20")}>
          {COUNTS.map((n) => (
            <option key={n} value={n}>{n}</option>
          ))}
        </select>
        <Button variant="secondary" onClick={start} disabled={create.isPending}>
          {create.isPending ? <Spinner /> : <Layers aria-hidden="true" />}
          Variations
        </Button>
      </div>
      {created.length > 0 ? (
        <div className="flex flex-col gap-2">
          <ul role="list" aria-label="New variations" className="flex flex-col gap-1.5">
            {created.map((id, i) => (
              <VariationStatus key={id} id={id} index={created.length - 1 - i} />
            ))}
          </ul>
          <Link href="/gallery" className={cn("self-start rounded text-sm font-medium text-brand-700 underline underline-offset-2", focusRing)}>
            See them in the gallery
          </Link>
        </div>
      ) : null}
    </section>
  );
}
