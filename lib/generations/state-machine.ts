import type { GenerationStatus } from "@/lib/client/types";

export const UNFINISHED: GenerationStatus[] = ["queued", "processing"];

/**
 * Which statuses may move to `to`. A job failed only because *we* stopped waiting ("timeout") may still
 * succeed when the upstream finishes late: the person paid for it.
 */
export function statusesThatMayBecome(to: GenerationStatus): GenerationStatus[] {
  switch (to) {
    case "queued":
      return [];
    case "processing":
      return ["queued", "processing"];
    case "succeeded":
      return ["queued", "processing", "failed"];
    case "failed":
      return ["queued", "processing"];
  }
}

export function canTransition(from: GenerationStatus, to: GenerationStatus, failureReason: string | null): boolean {
  if (from === "failed" && to === "succeeded") return failureReason === "timeout";
  return statusesThatMayBecome(to).includes(from);
}
