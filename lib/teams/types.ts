// JSON shapes the team-shoot API returns. Shared by route handlers and the /team and /join pages (isomorphic).
import type { FaceCheckResult } from "@/lib/images/face-check";
import type { GenerationStatus } from "@/lib/validations/generation";
import type { CropId } from "@/lib/validations/shoot";

/**
 * Where a person is, derived from their face and generations (never stored):
 * invited → photo_received → generating → ready → favourite_chosen → approved; failed when every generation failed.
 */
export const PERSON_STATUSES = ["invited", "photo_received", "generating", "ready", "favourite_chosen", "approved", "failed"] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export type ShootStyleDto = { prompt: string; negativePrompt: string; width: number; height: number; steps: number; guidanceScale: number };

/** "12 of 30 ready": `ready` counts everyone with at least one finished headshot (ready, favourite chosen or approved). */
export type ShootCountsDto = { people: number; ready: number; approved: number; generating: number; failed: number; byStatus: Record<PersonStatus, number> };

/** One row of GET /api/shoots. */
export type ShootSummaryDto = {
  id: string;
  name: string;
  dueDate: string | null;
  /** The due date has passed: the invite link no longer takes new people. */
  expired: boolean;
  counts: ShootCountsDto;
  createdAt: string;
};

export type ShootOutputDto = { id: string; url: string; thumbUrl: string; width: number; height: number };

/** One generation of a person: variant k of a round uses the round's seed + k. */
export type ShootVariantDto = {
  generationId: string;
  /** 0 for the first variants, 1 after the first regeneration, … */
  round: number;
  variant: number;
  seed: number;
  status: GenerationStatus;
  outputs: ShootOutputDto[];
  failure: { reason: string; message: string } | null;
  /** While the job waits in our own queue for a free slot at the upstream: how many jobs are ahead of it. */
  queuePosition: number | null;
  createdAt: string;
  completedAt: string | null;
};

export type ShootPersonDto = {
  id: string;
  name: string;
  title: string | null;
  email: string | null;
  source: "invite" | "staff";
  status: PersonStatus;
  /** With status "failed": why the last generation failed. */
  failure: string | null;
  /** Anything still queued or processing: poll again. */
  generating: boolean;
  /** `check`: the face check the browser made of this photo (lib/images/face-check.ts), for display only. */
  face: { id: string; url: string; check: FaceCheckResult | null } | null;
  favourite: ShootOutputDto | null;
  approvedAt: string | null;
  regenerationsUsed: number;
  regenerationsLeft: number;
  /** Oldest first. */
  variants: ShootVariantDto[];
  createdAt: string;
  updatedAt: string;
};

/** GET /api/shoots/[id] (staff). */
export type ShootDto = {
  id: string;
  name: string;
  style: ShootStyleDto;
  seed: number;
  variants: number;
  regenerations: number;
  crops: CropId[];
  dueDate: string | null;
  expired: boolean;
  generationCap: number | null;
  generationsUsed: number;
  /** True once anyone has generated: the style (and seed) can no longer change. */
  styleLocked: boolean;
  invite: { token: string; path: string } | null;
  maxPeople: number;
  counts: ShootCountsDto;
  people: ShootPersonDto[];
  createdAt: string;
  updatedAt: string;
};

/** GET /api/join/[token]: what the invite page shows before any upload. */
export type JoinInfoDto = {
  shoot: { name: string; dueDate: string | null; variants: number; regenerations: number };
  /** Face photos (and everything made from them) are deleted after this many days. */
  retentionDays: number;
  expired: boolean;
  full: boolean;
  /** This browser already joined (it has the person cookie): show /me instead of the form. */
  joined: boolean;
};

/** GET /api/join/[token]/me, and the body of the colleague's own actions. */
export type JoinMeDto = {
  shoot: { name: string; variants: number; regenerationsLeft: number; crops: CropId[] };
  person: ShootPersonDto;
};
