import "server-only";
import { getFace } from "@/lib/db/queries/faces";
import { getGeneration, updateGeneration } from "@/lib/db/queries/generations";
import type { GenerationRow } from "@/lib/db/types";
import type { MakeGenInput } from "@/lib/modelslab/types";
import { refundQuota } from "@/lib/quotas/consume";
import type { GenerationDeps } from "./deps";
import { applyUpstreamResult } from "./apply-result";
import { failGeneration } from "./fail";

/** Builds the make_gen request for a stored generation. Same row → byte-identical request body. */
export async function buildMakeGenInput(deps: GenerationDeps, gen: GenerationRow): Promise<MakeGenInput | null> {
  const face = getFace(deps.db, gen.faceId);
  if (!face) return null;
  const base = deps.config.publicBaseUrl;
  let faceImage: MakeGenInput["faceImage"];
  if (gen.faceToken && base) {
    faceImage = { kind: "url", url: `${base}/api/public/faces/${gen.faceToken}` };
  } else {
    const bytes = await deps.storage.get(face.path);
    if (!bytes) return null;
    faceImage = { kind: "base64", dataUri: `data:${face.mime};base64,${bytes.toString("base64")}` };
  }
  return {
    prompt: gen.prompt,
    negativePrompt: gen.negativePrompt,
    faceImage,
    width: gen.width,
    height: gen.height,
    steps: gen.steps,
    guidanceScale: gen.guidanceScale,
    seed: gen.seed,
    base64: gen.base64 || faceImage.kind === "base64",
    webhookUrl: base ? `${base}/api/webhooks/modelslab/${gen.webhookSecret}` : null,
    trackId: gen.id,
  };
}

export async function submitGeneration(deps: GenerationDeps, gen: GenerationRow): Promise<GenerationRow> {
  const input = await buildMakeGenInput(deps, gen);
  if (!input) {
    if (failGeneration(deps, gen.id, "invalid_request", "The face photo for this job is no longer available.")) refundQuota(deps.db, gen.id, deps.now());
    return getGeneration(deps.db, gen.id) ?? gen;
  }
  updateGeneration(deps.db, gen.id, { submittedAt: deps.now(), updatedAt: deps.now() });
  const result = await deps.upstream.makeGen(input);
  await applyUpstreamResult(deps, gen.id, result);
  return getGeneration(deps.db, gen.id) ?? gen;
}
