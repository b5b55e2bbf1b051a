"use client";

import { useRef, useState } from "react";
import { ApiError, createGeneration, uploadFace } from "@/lib/client/api";
import { checkPayload } from "@/lib/client/face-check-state";
import type { PreparedFace } from "@/lib/client/prepare-face";
import type { GenerationDto } from "@/lib/client/types";
import { uuid } from "@/lib/client/uuid";
import type { GenerationParams } from "@/lib/validations/generation";

export type FaceSource = { kind: "prepared"; prepared: PreparedFace } | { kind: "existing"; id: string };
export type Submission = { params: GenerationParams; face: FaceSource };
export type SubmitPhase = "idle" | "uploading" | "creating";

/** Where a failure happened, so the form can put the message next to the right thing. */
export type SubmitFailure = { stage: "upload" | "create"; error: ApiError };

const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, "unknown", "Something went wrong. Please try again."));

/**
 * Uploads the face once per prepared photo, then creates the generation. One Idempotency-Key per submission:
 * re-sending the same payload after a failure reuses it, so a lost response never makes a second job.
 */
export function useSubmitGeneration() {
  const [phase, setPhase] = useState<SubmitPhase>("idle");
  const inFlight = useRef(false);
  const faceIds = useRef(new WeakMap<File, string>());
  const pending = useRef<{ fingerprint: string; key: string } | null>(null);
  const last = useRef<{ generationId: string; submission: Submission } | null>(null);

  async function faceIdFor(face: FaceSource): Promise<string> {
    if (face.kind === "existing") return face.id;
    const cached = faceIds.current.get(face.prepared.file);
    if (cached) return cached;
    setPhase("uploading");
    const uploaded = await uploadFace(face.prepared.file, undefined, checkPayload(face.prepared.check));
    faceIds.current.set(face.prepared.file, uploaded.id);
    return uploaded.id;
  }

  async function submit(submission: Submission): Promise<{ ok: true; generation: GenerationDto } | { ok: false; failure: SubmitFailure } | null> {
    if (inFlight.current) return null;
    inFlight.current = true;
    // react-query is not in the home page's first load; start fetching it now, it is needed when the job exists.
    const queries = import("@/lib/client/queries");
    let stage: SubmitFailure["stage"] = "upload";
    try {
      const faceId = await faceIdFor(submission.face);
      stage = "create";
      setPhase("creating");
      const input = { ...submission.params, faceId };
      const fingerprint = JSON.stringify(input);
      if (pending.current?.fingerprint !== fingerprint) pending.current = { fingerprint, key: uuid() };
      const generation = await createGeneration(input, pending.current.key);
      pending.current = null;
      last.current = { generationId: generation.id, submission };
      (await queries).primeGeneration(generation);
      return { ok: true, generation };
    } catch (e) {
      const error = asApiError(e);
      // A face the server no longer knows must be uploaded again next time.
      if (submission.face.kind === "prepared" && (error.fields?.faceId || error.code === "not_found")) {
        faceIds.current.delete(submission.face.prepared.file);
      }
      return { ok: false, failure: { stage, error } };
    } finally {
      // Creating (or being refused) changes the allowance shown in the header.
      if (stage === "create") void queries.then((q) => q.refreshQuota());
      inFlight.current = false;
      setPhase("idle");
    }
  }

  /** What was sent to make `generationId`, if it was made from this page since it loaded. */
  const submissionFor = (generationId: string) => (last.current?.generationId === generationId ? last.current.submission : null);

  return { submit, phase, busy: phase !== "idle", submissionFor };
}
