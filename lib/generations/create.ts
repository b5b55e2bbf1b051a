import "server-only";
import { createHash, randomBytes, randomInt } from "node:crypto";
import { isForeignKeyViolation, isUniqueViolation } from "@/lib/db/client";
import { getOwnedFace, insertFaceOrGetExisting, setFaceCheck } from "@/lib/db/queries/faces";
import { findByIdempotencyKey } from "@/lib/db/queries/generations";
import { insertGenerationWithinQuota, type QuotaSpend } from "@/lib/db/queries/quotas";
import type { FaceRow, GenerationRow, NewGenerationRow } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { FaceCheckResult } from "@/lib/images/face-check";
import { validateAndNormalizeFace } from "@/lib/images/face";
import type { CreateGenerationInput } from "@/lib/validations/generation";
import { enqueue } from "./queue";
import type { QuotaAudience } from "./quota-policy";
import { quotaError, quotaSpend } from "./quotas";
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
  await deps.storage.put(path, face.bytes, face.mime);
  // The browser's face check, re-serialised from the validated object: stored for display, trusted by nothing.
  const checkJson = check ? JSON.stringify(check) : null;
  const row = await insertFaceOrGetExisting(deps.db, {
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
  if (checkJson && row.check !== checkJson) return (await setFaceCheck(deps.db, row.id, checkJson)) ?? row;
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

const noFace = () => new AppError("validation", "Add a face photo first.", { fields: { faceId: "Add a face photo first." } });

export const IDEMPOTENCY_CONFLICT = "This Idempotency-Key was already used for a request with other settings.";

/**
 * A canonical hash of the settings of a create request: every field in a fixed order, a missing seed as null,
 * so the same settings always hash alike however the JSON was written.
 */
export function settingsHash(input: CreateGenerationInput): string {
  const canonical = [input.faceId, input.prompt, input.negativePrompt, input.width, input.height, input.steps, input.guidanceScale, input.seed ?? null, input.base64];
  return createHash("sha256").update(JSON.stringify(canonical)).digest("base64url");
}

/** The job an idempotency key already made, if its settings match; a 409 if the key was used for other settings. */
function sameRequest(existing: GenerationRow, hash: string): GenerationRow {
  // Rows from before the hash was kept (null) are trusted as before.
  if (existing.idempotencyHash !== null && existing.idempotencyHash !== hash) {
    throw new AppError("conflict", IDEMPOTENCY_CONFLICT);
  }
  return existing;
}

/**
 * Records a generation and puts it in the submission queue (sent at once when the upstream has room). The same
 * idempotency key with the same settings from the same owner returns the first generation instead of paying
 * for a second one; the same key with other settings is refused (409).
 */
export async function createGeneration(deps: GenerationDeps, args: CreateArgs): Promise<{ generation: GenerationRow; created: boolean }> {
  const { ownerId, input, idempotencyKey } = args;
  const idempotencyHash = idempotencyKey ? settingsHash(input) : null;
  if (idempotencyKey && idempotencyHash) {
    const existing = await findByIdempotencyKey(deps.db, ownerId, idempotencyKey);
    if (existing) return { generation: sameRequest(existing, idempotencyHash), created: false };
  }
  const face = await getOwnedFace(deps.db, input.faceId, ownerId);
  if (!face) throw noFace();

  const now = deps.now();
  const useUrl = deps.config.publicBaseUrl !== null && !input.base64;
  const id = newId("g");
  // Spent before anything is sent, in one transaction with the insert: a 429 leaves no row behind, and a
  // failed insert spends nothing. Unknown audience = demo.
  const shootId = args.shoot?.shootId;
  const spend = quotaSpend({ ownerId, ip: args.ip ?? null, audience: args.audience ?? "demo", generationId: id, now, ...(shootId ? { shootId } : {}) });
  const row = await insertOnce(deps, ownerId, idempotencyKey, idempotencyHash, spend, {
    id,
    ownerId,
    faceId: face.id,
    idempotencyKey,
    idempotencyHash,
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
  if (row.id !== id) return { generation: row, created: false };
  return { generation: await enqueue(deps, row), created: true };
}

/**
 * Runs the spend-and-insert transaction (lib/db's insertGenerationWithinQuota). Another request with the same
 * idempotency key can slip in after the look-up in createGeneration (an await lies between them, and a second
 * process shares the database); then the unique index refuses the copy, the transaction spends nothing, and
 * the first row wins.
 */
async function insertOnce(
  deps: GenerationDeps,
  ownerId: string,
  key: string | null,
  hash: string | null,
  spend: QuotaSpend,
  row: NewGenerationRow,
): Promise<GenerationRow> {
  try {
    const result = await insertGenerationWithinQuota(deps.db, spend, row);
    if (!result.ok) throw quotaError(result.refusal, spend.now);
    return result.row;
  } catch (error) {
    const existing = key && isUniqueViolation(error) ? await findByIdempotencyKey(deps.db, ownerId, key) : undefined;
    if (existing) return hash ? sameRequest(existing, hash) : existing;
    // The face was deleted after createGeneration found it (an await lies between them): the same answer as a missing face.
    if (isForeignKeyViolation(error)) throw noFace();
    throw error;
  }
}

