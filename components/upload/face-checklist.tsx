"use client";

// The face check's verdict under the photo preview: one plain line per finding, and "Use this photo anyway"
// when the photo has no face or several. Loaded once a photo is chosen (never in the page's first load).
import { CircleAlert, CircleCheck, Info, LoaderCircle } from "lucide-react";
import { useId } from "react";
import { focusRing } from "@/components/ui/focus-ring";
import type { PreparedFace } from "@/lib/client/prepare-face";
import { findingKind, findingMessage, type FaceCheckResult } from "@/lib/images/face-check";

/** `face.check` is shown; ticking "Use this photo anyway" hands `onChange` the photo with `confirmed` set. */
type Props = { face: PreparedFace; onChange: (face: PreparedFace) => void; disabled?: boolean };

const KIND = {
  ok: { Icon: CircleCheck, label: "Passed:", tone: "text-ok-700" },
  advice: { Icon: Info, label: "Advice:", tone: "text-warn-800" },
  blocking: { Icon: CircleAlert, label: "Needs your attention:", tone: "text-danger-600" },
} as const;

type Line = { key: string; kind: keyof typeof KIND; text: string };

function lines(result: FaceCheckResult): Line[] {
  const out: Line[] = result.findings.map((f) => ({ key: f, kind: findingKind(f), text: findingMessage(f, result.faces) }));
  // One face and no advice: say what was looked at, so a short list reads as a pass, not as an unfinished check.
  if (out.length === 1 && out[0]?.kind === "ok") out.push({ key: "fine", kind: "ok", text: "Sharp, well lit and facing the camera" });
  return out;
}

export function FaceChecklist({ face, onChange, disabled = false }: Props) {
  const id = useId();
  const { check } = face;
  if (!check) return null;
  if (check.status === "unavailable") {
    return (
      <p role="status" className="text-xs text-ink-muted">
        This browser could not check the photo. You can still use it.
      </p>
    );
  }
  if (check.status === "checking") {
    return (
      <p role="status" className="flex items-center gap-2 text-sm text-ink-muted">
        <LoaderCircle className="size-4 shrink-0 animate-spin text-brand-600" aria-hidden />
        {check.firstRun ? "Loading the face check (first time only)…" : "Checking the photo…"}
      </p>
    );
  }
  const items = lines(check.result);
  return (
    <div className="space-y-2.5">
      <div role="status" aria-labelledby={`${id}-title`}>
        <p id={`${id}-title`} className="sr-only">
          Photo check
        </p>
        <ul className="space-y-1.5" aria-labelledby={`${id}-title`}>
          {items.map(({ key, kind, text }) => {
            const { Icon, label, tone } = KIND[kind];
            return (
              <li key={key} className="flex items-start gap-2 text-sm text-ink">
                <Icon className={`mt-0.5 size-4 shrink-0 ${tone}`} aria-hidden />
                <span>
                  <span className="sr-only">{label} </span>
                  {text}
                </span>
              </li>
            );
          })}
        </ul>
      </div>
      {check.blocking ? (
        <label className="flex min-h-11 cursor-pointer items-start gap-3 rounded-lg border border-surface-border bg-surface-sunken px-3 py-2.5 text-sm font-medium text-ink has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-60">
          <input
            type="checkbox"
            checked={check.confirmed}
            disabled={disabled}
            onChange={(event) => onChange({ ...face, check: { ...check, confirmed: event.target.checked } })}
            aria-describedby={`${id}-why`}
            className={`mt-0.5 size-4 shrink-0 accent-brand-600 ${focusRing}`}
          />
          <span>
            Use this photo anyway
            <span id={`${id}-why`} className="block text-xs font-normal text-ink-muted">
              The check can be wrong. Tick this to generate with this photo.
            </span>
          </span>
        </label>
      ) : null}
    </div>
  );
}
