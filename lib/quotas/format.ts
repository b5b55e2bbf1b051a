const MINUTE_MS = 60_000;

/** "3 h 12 min", "45 min", "1 min": rounded up, so "available in 1 min" is never early. */
export function formatWait(ms: number): string {
  const totalMin = Math.max(1, Math.ceil(ms / MINUTE_MS));
  const h = Math.floor(totalMin / 60);
  const m = totalMin % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** "3 h", "45 min": the short form for the header, rounded to whole hours above one hour. */
export function formatWaitShort(ms: number): string {
  const totalMin = Math.max(1, Math.ceil(ms / MINUTE_MS));
  return totalMin < 60 ? `${totalMin} min` : `${Math.round(totalMin / 60)} h`;
}

/** A rolling 24 h window reads as "today" to people; any other window is "this period". */
export const periodLabel = (windowMs: number) => (windowMs === 24 * 60 * MINUTE_MS ? "today" : "this period");
