/** "0:07", "1:05", "1:02:03": elapsed time for a ticking clock. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** A rough, human countdown to `etaAt`; null when the upstream gave no estimate. */
export function describeEta(etaAt: string | null, now: number): string | null {
  if (!etaAt) return null;
  const at = Date.parse(etaAt);
  if (Number.isNaN(at)) return null;
  const left = Math.ceil((at - now) / 1000);
  if (left <= 0) return "taking longer than expected…";
  if (left < 60) return `about ${left} s left`;
  const minutes = Math.round(left / 60);
  return `about ${minutes} min left`;
}
