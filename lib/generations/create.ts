import "server-only";
import { randomBytes, randomInt } from "node:crypto";
import { withTransaction } from "@/lib/db/client";
import { getOwnedFace, insertFaceOrGetExisting, setFaceCheck } from "@/lib/db/queries/faces";
import { findByIdempotencyKey, insertGeneration } from "@/lib/db/queries/generations";
import type { FaceRow, GenerationRow } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { FaceCheckResult } from "@/lib/images/face-check";
import { validateAndNormalizeFace } from "@/lib/images/face";
import type { CreateGenerationInput } from "@/lib/validations/generation";
import { enqueue } from "./queue";
import type { QuotaAudience } from "./quota-policy";
import { consumeQuota } from "./quotas";
import type { GenerationDeps } from "./runtime";

export const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString("base64url")}`;
export const newSecret = () => randomBytes(24).toString("base64url");
/** A uniformly random 32-bit seed, so every result can be reproduced. */
export const randomSeed = () => randomInt(0, 2 ** 32);

/**
 * Validates, re-encodes (dropping EXIF and GPS) and keeps a face photo. The same photo from the same owner
 * maps to the same face, so a remix sends exactly the original request.
 */
export async function uploadFace(
  deps: Pick<GenerationDeps, "db" | "storage" | "now">,
  ownerId: string,
  input: Buffer,
  check: FaceCheckResult | null = null,
): Promise<FaceRow> {
  const face = await validateAndNormalizeFace(input);
  const id = newId("f");
  const path = `faces/${ownerId}/${face.sha256.slice(0, 32)}.jpg`;
  await deps.storage.put(path, face.bytes);
  // The browser's face check, re-serialised from the validated object: stored for display, trusted by nothing.
  const checkJson = check ? JSON.stringify(check) : null;
  const row = insertFaceOrGetExisting(deps.db, {
    id,
    ownerId,
    sha256: face.sha256,
    path,
    mime: face.mime,
    width: face.width,
    height: face.height,
    bytes: face.bytes.length,
    createdAt: deps.now(),
    check: checkJson,
  });
  // The same photo again: its newest check wins (e.g. now confirmed with "Use this photo anyway").
  if (checkJson && row.check !== checkJson) return setFaceCheck(deps.db, row.id, checkJson) ?? row;
  return row;
}

// team shoots: `shoot` marks a shoot generation (audience "shoot"): its row names the shoot, person and variant,
// and the shoot's cap is checked in the same transaction as the insert.
type ShootTag = { shootId: string; personId: string; variant: number };
type CreateArgs = {
  ownerId: string;
  input: CreateGenerationInput;
  idempotencyKey: string | null;
  ip?: string | null;
  audience?: QuotaAudience;
  shoot?: ShootTag;
};

/**
 * Records a generation and puts it in the submission queue (sent at once when the upstream has room). The same idempotency key from the same owner returns the
 * first generation instead of paying for a second one.
 */
export async function createGeneration(deps: GenerationDeps, args: CreateArgs): Promise<{ generation: GenerationRow; created: boolean }> {
  const { ownerId, input, idempotencyKey } = args;
  if (idempotencyKey) {
    const existing = findByIdempotencyKey(deps.db, ownerId, idempotencyKey);
    if (existing) return { generation: existing, created: false };
  }
  const face = getOwnedFace(deps.db, input.faceId, ownerId);
  if (!face) throw new AppError("validation", "Add a face photo first.", { fields: { faceId: "Add a face photo first." } });

  const now = deps.now();
  const useUrl = deps.config.publicBaseUrl !== null && !input.base64;
  const id = newId("g");
  // Spent before anything is sent, in one transaction with the insert: a 429 leaves no row behind, and a
  // failed insert spends nothing. Unknown audience = demo.
  const row = insertOnce(deps, ownerId, idempotencyKey, () => {
    const shootId = args.shoot?.shootId;
    consumeQuota(deps.db, { ownerId, ip: args.ip ?? null, audience: args.audience ?? "demo", generationId: id, now, ...(shootId ? { shootId } : {}) });
    return insertGeneration(deps.db, {
      id,
      ownerId,
      faceId: face.id,
      idempotencyKey,
      prompt: input.prompt,
      negativePrompt: input.negativePrompt,
      width: input.width,
      height: input.height,
      steps: input.steps,
      guidanceScale: input.guidanceScale,
      seed: input.seed ?? randomSeed(),
      base64: input.base64,
      status: "queued",
      webhookSecret: newSecret(),
      faceToken: useUrl ? newSecret() : null,
      faceTokenExpiresAt: useUrl ? now + deps.config.faceTokenTtlMs : null,
      simulated: deps.config.mode === "simulated",
      createdAt: now,
      updatedAt: now,
      ...(args.shoot ? { shootId: args.shoot.shootId, personId: args.shoot.personId, variant: args.shoot.variant } : {}), // team shoots
    });
  });
  if (row.id !== id) return { generation: row, created: false };
  return { generation: await enqueue(deps, row), created: true };
}

/**
 * Runs the spend-and-insert transaction. Within one process nothing can slip between the idempotency look-up
 * and the insert (both are synchronous); a second process sharing the database can, and then the unique
 * index refuses the copy and the first row wins.
 */
function insertOnce(deps: GenerationDeps, ownerId: string, key: string | null, insert: () => GenerationRow): GenerationRow {
  try {
    return withTransaction(deps.db, insert);
  } catch (error) {
    const existing = key && isUniqueViolation(error) ? findByIdempotencyKey(deps.db, ownerId, key) : undefined;
    if (existing) return existing;
    throw error;
  }
}

const isUniqueViolation = (e: unknown) => e instanceof Error && "code" in e && e.code === "SQLITE_CONSTRAINT_UNIQUE";
