import type { Faults } from "./faults";
import type { SimulatorOptions } from "./options";

export type ReceivedJob = {
  id: number;
  /** The make_gen body exactly as received, minus `key`. */
  body: Record<string, unknown>;
  /** The decoded face image the simulator actually received. */
  faceImageBytes: Buffer | null;
};

export type SimulatorStats = { makeGenCalls: number; fetchCalls: number; webhooksSent: number };

export type RunningSimulator = {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** origin + "/api/v1/enterprise/flux_headshot" */
  baseUrl: string;
  options: SimulatorOptions;
  setOptions(patch: Partial<SimulatorOptions>): void;
  close(): Promise<void>;
  stats(): SimulatorStats;
  received(): ReceivedJob[];
};

export type JobStatus = "processing" | "success" | "failed";

export type RenderOutcome = { ok: true; png: Buffer } | { ok: false; error: string };

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

/** What a route handler answers; the dispatcher serialises it. */
export type Reply = { status: number; body: unknown; headers?: Record<string, string> };
