import type { Job } from "./types";

export const QUEUED_TIP = "Your image is processing in background, you can get this image using fetch API";
export const FETCH_TIP = "Get 20x faster image generation using enterprise plan. Click here : https://modelslab.com/enterprise";
export const FAILED_MESSAGE = "Processing failed: simulated model error";
export const CLEARED_MESSAGE = "Request cancelled: queue cleared";

/** The legacy endpoints spell it `messege`; the [sim:messege] fault reproduces that. */
export const messageField = (messege: boolean) => (messege ? "messege" : "message");

export function errorBody(message: string, messege: boolean, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { status: "error", [messageField(messege)]: message, ...extra };
}

export function successBody(job: Job): Record<string, unknown> {
  return {
    status: "success",
    generationTime: job.generationTime ?? 0,
    id: job.id,
    output: job.outputUrls,
    proxy_links: job.proxyUrls,
    meta: job.meta,
  };
}

export function failedBody(job: Job, messege = job.faults.messege): Record<string, unknown> {
  return { status: "failed", id: job.id, [messageField(messege)]: job.failMessage ?? FAILED_MESSAGE };
}

export function queuedBody(job: Job, origin: string, etaSeconds: number): Record<string, unknown> {
  return {
    status: "processing",
    tip: QUEUED_TIP,
    eta: etaSeconds,
    [messageField(job.faults.messege)]: "Try to fetch request after seconds estimated",
    fetch_result: `${origin}/api/v6/image_editing/fetch/${job.id}`,
    id: job.id,
    output: [],
    future_links: job.outputUrls,
    proxy_links: [],
    meta: job.meta,
  };
}

export function fetchBody(job: Job, messege: boolean): Record<string, unknown> {
  if (job.status === "success") return { status: "success", id: job.id, output: job.outputUrls, proxy_links: job.proxyUrls };
  if (job.status === "failed") return failedBody(job, messege);
  return { status: "processing", [messageField(messege)]: "try again later.", output: "", tip: FETCH_TIP };
}

export function webhookBody(job: Job): Record<string, unknown> {
  const base = job.status === "success" ? successBody(job) : failedBody(job);
  return { ...base, track_id: job.trackId ? job.trackId.value : null };
}
