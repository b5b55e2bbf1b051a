// Dates on the team pages. A due date is a calendar day (YYYY-MM-DD) with no time zone: it is shown as that
// day wherever the reader is, and formatted in UTC so server and browser render the same text.

const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** "2025-03-14" → "14 Mar 2025"; anything else is shown as given. */
export function formatDay(day: string): string {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && Number.isFinite(ms) ? DAY.format(ms) : day;
}

/** An ISO time's calendar day (UTC) in the same words, e.g. a shoot's creation. */
export function formatIsoDay(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? DAY.format(ms) : iso;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
