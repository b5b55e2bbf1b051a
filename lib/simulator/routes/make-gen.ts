import type { SimContext } from "../context";
import { loadFace } from "../face-image";
import { completeJob, createJob, scheduleCompletion } from "../job-runner";
import { errorBody, failedBody, queuedBody, successBody } from "../responses";
import type { Reply } from "../types";
import { validateMakeGen } from "../validate-make-gen";
import { rateLimited, styledError, type ApiCall } from "./api-call";

function warmingUp(ctx: SimContext, call: ApiCall): boolean {
  const times = call.faults.tryAgain;
  if (times === null) return false;
  const prompt = typeof call.body.prompt === "string" ? call.body.prompt : "";
  const seen = ctx.tryAgainCounts.get(prompt) ?? 0;
  if (seen >= times) return false;
  ctx.tryAgainCounts.set(prompt, seen + 1);
  return true;
}

const queueFull = (ctx: SimContext, key: string) => ctx.store.processingCount(key) >= ctx.options.queueLimit;

export async function makeGen(ctx: SimContext, call: ApiCall): Promise<Reply> {
  const { faults } = call;
  if (warmingUp(ctx, call)) return { status: 200, body: errorBody("Try Again", faults.messege) };
  const v = validateMakeGen(call.body);
  if (!v.ok) return styledError(call.errorStyle, "validation", v.message, faults.messege);
  if (queueFull(ctx, call.key)) return rateLimited(ctx.options.queueLimit, faults.messege);
  const face = await loadFace(v.params.faceImage, v.params.base64, ctx.shutdown.signal);
  if (!face.ok) return styledError(call.errorStyle, "validation", face.message, faults.messege);
  // Checked again: other requests may have queued while the face image was loading.
  if (queueFull(ctx, call.key)) return rateLimited(ctx.options.queueLimit, faults.messege);

  const { key: _key, ...bodyWithoutKey } = call.body;
  const job = createJob(ctx, call.key, bodyWithoutKey, v.params, face, faults);
  const sync = !faults.stuck && (faults.mode ?? ctx.options.mode) === "sync";
  if (sync) {
    await completeJob(ctx, job);
    return { status: 200, body: job.status === "success" ? successBody(job) : failedBody(job) };
  }
  scheduleCompletion(ctx, job);
  const eta = ctx.options.etaSeconds ?? ctx.options.completeAfterMs / 1000;
  return { status: 200, body: queuedBody(job, ctx.origin, eta) };
}
