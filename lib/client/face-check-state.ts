import type { FaceCheckResult } from "@/lib/images/face-check";

// The face check's state as it travels with a chosen photo (PreparedFace.check). Tiny and import-free at run
// time: the home page's form reads it in its first load to decide whether Generate is enabled.

export type FaceCheckState =
  /** `firstRun`: the detector is still loading for the first time on this page (a progress hint says so). */
  | { status: "checking"; firstRun: boolean }
  /** `blocking`: no face or several faces, so Generate waits for "Use this photo anyway" (`confirmed`). */
  | { status: "done"; result: FaceCheckResult; blocking: boolean; confirmed: boolean }
  /** The check could not run here (old browser, failed load): nothing is claimed and nothing is blocked. */
  | { status: "unavailable" };

/** Generate waits: the photo has no face or several, and the person has not chosen to use it anyway. */
export const checkBlocksGenerate = (check: FaceCheckState | undefined): boolean =>
  check?.status === "done" && check.blocking && !check.confirmed;

/** What is sent with the photo (POST /api/faces `check`), or null when there is no finished check. */
export function checkPayload(check: FaceCheckState | undefined): FaceCheckResult | null {
  if (check?.status !== "done") return null;
  return { ...check.result, ...(check.blocking ? { confirmed: check.confirmed } : {}) };
}
