// Jobs: what one make_gen call becomes, where jobs and their output files are kept until they expire, and how
// a job ends (rendered, published, webhook sent) or fails.
import { randomUUID } from "node:crypto";
import type { Faults } from "./faults";
import { makeSimulatedPng, type FaceResult } from "./images";
import { FAILED_MESSAGE, type MakeGenParams } from "./protocol";
import type { SimContext } from "./server";
import { sendWebhook } from "./webhooks";

export type ReceivedJob = {
  id: number;
  /** The make_gen body exactly as received, minus `key`. */
  body: Record<string, unknown>;
  /** The decoded face image the simulator actually received. */
  faceImageBytes: Buffer | null;
};

type JobStatus = "processing" | "success" | "failed";

type RenderOutcome = { ok: true; png: Buffer } | { ok: false; error: string };

export type Job = {
  id: number;
  key: string;
  createdAt: number;
  status: JobStatus;
  faults: Faults;
  /** Whether the output file holds base64 text rather than PNG bytes. */
  base64: boolean;
  meta: Record<string, unknown>;
  fileName: string;
  outputUrls: string[];
  proxyUrls: string[];
  failMessage: string | null;
  generationTime: number | null;
  webhook: string | null;
  /** Present only when the caller sent track_id; the value keeps its JSON type. */
  trackId: { value: unknown } | null;
  render: Promise<RenderOutcome>;
};

// ---- The store

type StoredFile = { jobId: number; contentType: string; body: Buffer | string };

const RECEIVED_KEPT = 200;

/** Jobs, their published output files and the log of received bodies. Expiry is lazy: every read sweeps first. */
export class JobStore {
  private nextId = 1;
  private readonly jobs = new Map<number, Job>();
  private readonly files = new Map<string, StoredFile>();
  private receivedLog: ReceivedJob[] = [];

  constructor(private readonly retentionMs: () => number) {}

  allocateId(): number {
    return this.nextId++;
  }

  add(job: Job, received: ReceivedJob): void {
    this.jobs.set(job.id, job);
    this.receivedLog.push(received);
    if (this.receivedLog.length > RECEIVED_KEPT) this.receivedLog = this.receivedLog.slice(-RECEIVED_KEPT);
  }

  get(id: number): Job | undefined {
    this.sweep();
    return this.jobs.get(id);
  }

  isLive(job: Job): boolean {
    return this.jobs.get(job.id) === job;
  }

  processing(): Job[] {
    this.sweep();
    return [...this.jobs.values()].filter((j) => j.status === "processing");
  }

  processingCount(key: string): number {
    return this.processing().filter((j) => j.key === key).length;
  }

  publish(job: Job, contentType: string, body: Buffer | string): void {
    this.files.set(job.fileName, { jobId: job.id, contentType, body });
  }

  file(name: string): StoredFile | undefined {
    this.sweep();
    const f = this.files.get(name);
    return f && this.jobs.has(f.jobId) ? f : undefined;
  }

  sweep(now = Date.now()): void {
    const retention = this.retentionMs();
    for (const job of this.jobs.values()) {
      if (now - job.createdAt >= retention) this.remove(job);
    }
  }

  expireAll(): number {
    const n = this.jobs.size;
    for (const job of [...this.jobs.values()]) this.remove(job);
    return n;
  }

  received(): ReceivedJob[] {
    return [...this.receivedLog];
  }

  private remove(job: Job): void {
    this.jobs.delete(job.id);
    this.files.delete(job.fileName);
  }
}

// ---- The lifecycle

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
    // Where the files are said to be: the simulator itself, or the bucket that update_s3 would name (outputOrigin).
    outputUrls: [`${ctx.options.outputOrigin ?? ctx.origin}/temp/${fileName}`],
    proxyUrls: [`${ctx.options.outputOrigin ?? ctx.origin}/proxy/temp/${fileName}`],
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
