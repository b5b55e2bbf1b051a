import type { FaceCheckResult } from "@/lib/images/face-check";
import type { PreparedFace } from "./prepare-face";

// The face check's state as it travels with a chosen photo (PreparedFace.check). Tiny and import-free at run
// time: the home page's and the invite page's forms read it in their first load to decide whether their
// submit button is enabled (the checker itself is imported only when a submit has to wait for it).

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

/**
 * The photo with its check's outcome. Submit pressed while the check still runs waits for the verdict (a second
 * or so), so a photo with no face or several still needs "Use this photo anyway": the caller stops when
 * checkBlocksGenerate is then true (the checklist shows the verdict and the button is off until then).
 */
export async function settleCheck(face: PreparedFace): Promise<PreparedFace> {
  if (face.check?.status !== "checking") return face;
  const { settledFaceCheck } = await import("./face-check");
  const check = await settledFaceCheck(face.file);
  return check ? { ...face, check } : face;
}
