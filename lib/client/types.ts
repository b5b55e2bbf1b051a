// JSON shapes the API returns to the browser. Shared by route handlers and UI.
import type { FaceCheckResult } from "@/lib/images/face-check";
import type { GenerationStatus } from "@/lib/validations/generation";

export type GenerationParamsDto = {
  prompt: string;
  negativePrompt: string;
  width: number;
  height: number;
  steps: number;
  guidanceScale: number;
  seed: number;
  base64: boolean;
};

export type OutputDto = { url: string; thumbUrl: string; width: number; height: number; bytes: number };

/** `check`: the on-device face check sent with the photo (lib/images/face-check.ts), for display; null when none was. */
export type FaceDto = { id: string; url: string; width: number; height: number; bytes: number; check: FaceCheckResult | null };

export type GenerationDto = {
  id: string;
  status: GenerationStatus;
  params: GenerationParamsDto;
  face: { id: string; url: string };
  outputs: OutputDto[];
  createdAt: string;
  completedAt: string | null;
  /** When the upstream expects the job to finish (queued jobs), ISO time. */
  etaAt: string | null;
  generationTimeSeconds: number | null;
  failure: { reason: string; message: string } | null;
  /** Something the person should know while the job is still open, e.g. the service did not answer yet. */
  notice: string | null;
  /** While the job waits in our own queue for a free slot at the upstream: how many jobs are ahead of it. */
  queuePosition: number | null;
  simulated: boolean;
};

export type GenerationListDto = { items: GenerationDto[]; nextCursor: string | null };

export type AppInfoDto = { mode: "real" | "simulated" };
