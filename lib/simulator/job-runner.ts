import { randomUUID } from "node:crypto";
import type { SimContext } from "./context";
import type { FaceResult } from "./face-image";
import type { Faults } from "./faults";
import { makeSimulatedPng } from "./image-maker";
import { FAILED_MESSAGE } from "./responses";
import type { Job } from "./types";
import type { MakeGenParams } from "./validate-make-gen";
import { sendWebhook } from "./webhook";

type Face = Extract<FaceResult, { ok: true }>;

const clampSize = (n: number) => Math.min(2048, Math.max(64, Math.round(n)));
const echo = (sent: unknown, fallback: unknown) => (sent === undefined || sent === null || sent === "" ? fallback : sent);

export function createJob(ctx: SimContext, key: string, body: Record<string, unknown>, p: MakeGenParams, face: Face, faults: Faults): Job {
  const id = ctx.store.allocateId();
  const prefix = randomUUID();
  const fileName = `${prefix}-0.${p.base64 ? "base64" : "png"}`;
  const width = p.width ?? clampSize(face.width);
  const height = p.height ?? clampSize(face.height);
  const meta: Record<string, unknown> = {
    base64: p.base64 ? "yes" : "no",
    face_image: body.face_image,
    file_prefix: prefix,
    guidance_scale: echo(body.guidance_scale, p.guidance),
    height: echo(body.height, height),
    width: echo(body.width, width),
    negative_prompt: p.negativePrompt,
    num_inference_steps: echo(body.num_inference_steps, p.steps),
    prompt: p.prompt,
    samples: 1,
    seed: p.seedEcho,
    temp: "yes",
    ...(p.webhook ? { webhook: p.webhook } : {}),
    ...(p.trackId ? { track_id: p.trackId.value } : {}),
  };
  const job: Job = {
    id,
    key,
    createdAt: Date.now(),
    status: "processing",
    faults,
    base64: p.base64,
    meta,
    fileName,
    outputUrls: [`${ctx.origin}/temp/${fileName}`],
    proxyUrls: [`${ctx.origin}/proxy/temp/${fileName}`],
    failMessage: null,
    generationTime: null,
    webhook: p.webhook,
    trackId: p.trackId,
    render: makeSimulatedPng({ face: face.bytes, prompt: p.prompt, seed: p.seed, width, height }).then(
      (png) => ({ ok: true as const, png }),
      (e: unknown) => ({ ok: false as const, error: String(e) }),
    ),
  };
  ctx.store.add(job, { id, body, faceImageBytes: face.bytes });
  return job;
}

export function failJob(ctx: SimContext, job: Job, message: string): void {
  if (job.status !== "processing") return;
  job.status = "failed";
  job.failMessage = message;
  sendWebhook(ctx, job);
}

export async function completeJob(ctx: SimContext, job: Job): Promise<void> {
  if (job.status !== "processing" || !ctx.store.isLive(job)) return;
  if (job.faults.fail) return failJob(ctx, job, FAILED_MESSAGE);
  const outcome = await job.render;
  if (job.status !== "processing" || !ctx.store.isLive(job)) return;
  if (!outcome.ok) return failJob(ctx, job, "Processing failed: could not render image");
  if (!job.faults.badOutput) {
    const prefix = ctx.options.base64DataUriPrefix ? "data:image/png;base64," : "";
    if (job.base64) ctx.store.publish(job, "text/plain; charset=utf-8", prefix + outcome.png.toString("base64"));
    else ctx.store.publish(job, "image/png", outcome.png);
  }
  job.status = "success";
  job.generationTime = Math.round(Date.now() - job.createdAt) / 1000;
  sendWebhook(ctx, job);
}

/** Queued jobs finish after completeAfterMs, except [sim:stuck] ones, which never do. */
export function scheduleCompletion(ctx: SimContext, job: Job): void {
  if (job.faults.stuck) return;
  ctx.later(ctx.options.completeAfterMs, () => void completeJob(ctx, job));
}
