export type WebhookKnobs = { drop: boolean; delayMs: number; duplicate: boolean };

export type SimulatorOptions = {
  /** Loopback only: anything else is refused. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  keys: string[];
  mode: "queued" | "sync";
  completeAfterMs: number;
  /** null derives it from completeAfterMs. */
  etaSeconds: number | null;
  /** "200": errors ride on HTTP 200 (v6 style); "4xx": 400/401/402 (enterprise OpenAPI style). */
  errorStyle: "200" | "4xx";
  unknownIdStatus: 200 | 404;
  queueLimit: number;
  retentionMs: number;
  base64DataUriPrefix: boolean;
  webhook: WebhookKnobs;
  allowWebhookHosts: string[];
};

export const DEFAULT_OPTIONS: SimulatorOptions = {
  host: "127.0.0.1",
  port: 0,
  keys: ["simulator-key"],
  mode: "queued",
  completeAfterMs: 3000,
  etaSeconds: null,
  errorStyle: "200",
  unknownIdStatus: 404,
  queueLimit: 5,
  retentionMs: 24 * 60 * 60 * 1000,
  base64DataUriPrefix: true,
  webhook: { drop: false, delayMs: 0, duplicate: false },
  allowWebhookHosts: ["127.0.0.1", "localhost", "::1"],
};

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return LOOPBACK_HOSTS.has(h) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function nonNegative(name: string, n: number): void {
  if (!Number.isFinite(n) || n < 0) throw new Error(`Simulator option ${name} must be a non-negative number`);
}

export function mergeOptions(base: SimulatorOptions, patch: Partial<SimulatorOptions>): SimulatorOptions {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<SimulatorOptions>;
  const next: SimulatorOptions = { ...base, ...defined, webhook: { ...base.webhook, ...(defined.webhook ?? {}) } };
  if (!isLoopbackHost(next.host)) throw new Error(`Simulator refuses to bind non-loopback host ${next.host}`);
  if (next.mode !== "queued" && next.mode !== "sync") throw new Error("Simulator option mode must be queued or sync");
  if (next.errorStyle !== "200" && next.errorStyle !== "4xx") throw new Error('Simulator option errorStyle must be "200" or "4xx"');
  if (next.unknownIdStatus !== 200 && next.unknownIdStatus !== 404) throw new Error("Simulator option unknownIdStatus must be 200 or 404");
  nonNegative("port", next.port);
  nonNegative("completeAfterMs", next.completeAfterMs);
  nonNegative("queueLimit", next.queueLimit);
  nonNegative("retentionMs", next.retentionMs);
  nonNegative("webhook.delayMs", next.webhook.delayMs);
  if (next.etaSeconds !== null) nonNegative("etaSeconds", next.etaSeconds);
  return next;
}

export function resolveOptions(patch: Partial<SimulatorOptions> = {}): SimulatorOptions {
  return mergeOptions(DEFAULT_OPTIONS, patch);
}
