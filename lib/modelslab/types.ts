// The app's own view of ModelsLab. Nothing outside lib/modelslab/ sees the wire format.

export type FailureReason =
  | "invalid_key"
  | "insufficient_credits"
  | "rate_limited"
  | "invalid_request"
  | "not_found"
  | "unavailable"
  | "timeout"
  | "unknown";

/** Where an output can be downloaded, and how its bytes are encoded there. */
export type UpstreamOutput = { url: string; encoding: "binary" | "base64" };

export type UpstreamDone = {
  kind: "done";
  upstreamId: string | null;
  outputs: UpstreamOutput[];
  seed: number | null;
  generationTimeSeconds: number | null;
};

export type UpstreamQueued = {
  kind: "queued";
  upstreamId: string;
  etaSeconds: number | null;
  futureOutputs: UpstreamOutput[];
  seed: number | null;
};

/** fetch/{id} said the job is still running. */
export type UpstreamProcessing = { kind: "processing"; upstreamId: string };

export type UpstreamFailed = {
  kind: "failed";
  reason: FailureReason;
  /** Safe to show a person. Never contains the key. */
  message: string;
  retryable: boolean;
  retryAfterSeconds: number | null;
  /**
   * True when the request may have reached the upstream (e.g. a timeout after sending):
   * a billable job might exist, so the caller must not resubmit blindly.
   */
  ambiguous: boolean;
  /** For logs: HTTP status and a trimmed, key-free excerpt of the body. */
  detail: string;
};

export type MakeGenResult = UpstreamDone | UpstreamQueued | UpstreamFailed;
export type FetchResult = UpstreamDone | UpstreamProcessing | UpstreamFailed;

export type FaceImageInput = { kind: "url"; url: string } | { kind: "base64"; dataUri: string };

export type MakeGenInput = {
  prompt: string;
  negativePrompt: string;
  faceImage: FaceImageInput;
  width: number;
  height: number;
  steps: number;
  guidanceScale: number;
  seed: number;
  /** Ask for base64 outputs. Forced on when the face image is sent as base64. */
  base64: boolean;
  webhookUrl: string | null;
  trackId: string;
};

/** A webhook call, normalised. */
export type WebhookEvent = {
  trackId: string | null;
  upstreamId: string | null;
  result: UpstreamDone | UpstreamFailed | UpstreamProcessing;
};

export type SystemDetails =
  | { ok: true; queueTimeSeconds: number | null; modelCount: number | null }
  | UpstreamFailed;

export type ModelsLabClientOptions = {
  /** e.g. https://modelslab.com/api/v1/enterprise/flux_headshot (no trailing slash needed) */
  baseUrl: string;
  apiKey: string;
  /** Per-call timeout for make_gen / fetch / system_details. Default 60 s. */
  timeoutMs?: number;
  /** How many times a warm-up "Try Again" answer is resubmitted. Default 3. */
  warmupRetries?: number;
  /** Delay between warm-up resubmits. Default 5000 ms. */
  warmupDelayMs?: number;
  fetchImpl?: typeof fetch;
  /** fetch for output downloads only (e.g. one that refuses private addresses at connect time). */
  downloadFetchImpl?: typeof fetch;
  /** Validates output URLs before download (SSRF guard in real mode). Throws to refuse. */
  assertOutputUrlAllowed?: (url: URL) => void | Promise<void>;
  /** Max bytes of one downloaded output. Default 40 MB. */
  maxOutputBytes?: number;
};
