// The simulator's knobs: defaults, checks, runtime changes, and the CLI flags / environment that set them.
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
  /**
   * The origin output URLs name, e.g. the operator's bucket after update_s3 (a server in front that serves the
   * simulator's /temp/ files). null: the simulator's own origin. The simulator never calls it.
   */
  outputOrigin: string | null;
};

const DEFAULT_OPTIONS: SimulatorOptions = {
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
  outputOrigin: null,
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
  if (next.outputOrigin !== null && !(URL.canParse(next.outputOrigin) && /^https?:$/.test(new URL(next.outputOrigin).protocol))) {
    throw new Error("Simulator option outputOrigin must be an http(s) origin or null");
  }
  if (next.outputOrigin !== null) next.outputOrigin = new URL(next.outputOrigin).origin;
  return next;
}

export function resolveOptions(patch: Partial<SimulatorOptions> = {}): SimulatorOptions {
  return mergeOptions(DEFAULT_OPTIONS, patch);
}

/** Runtime option changes; host and port are fixed once listening. */
export function patchOptions(current: SimulatorOptions, patch: Partial<SimulatorOptions>): SimulatorOptions {
  const { host: _host, port: _port, ...rest } = patch;
  return mergeOptions(current, rest);
}

// Same value as the app's DEFAULT_SIMULATOR_PORT (lib/config-schema.ts); the simulator imports nothing from the app.
const CLI_DEFAULT_PORT = 4010;

type Env = Record<string, string | undefined>;

function flagValue(argv: string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === `--${name}`) return argv[i + 1];
    if (arg?.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}

function wholeNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return Number(raw);
}

function oneOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[]): T | undefined {
  if (raw === undefined || raw === "") return undefined;
  if (!(allowed as readonly string[]).includes(raw)) throw new Error(`${name} must be one of ${allowed.join(", ")}, got "${raw}"`);
  return raw as T;
}

/** Flags win over environment variables; anything unset keeps the simulator default (port: 4010). */
export function parseCliOptions(argv: string[], env: Env): Partial<SimulatorOptions> {
  const pick = (flag: string, envName: string) => flagValue(argv, flag) ?? env[envName];
  return {
    port: wholeNumber("--port", pick("port", "SIMULATOR_PORT")) ?? CLI_DEFAULT_PORT,
    mode: oneOf("--mode", pick("mode", "SIMULATOR_MODE"), ["queued", "sync"] as const),
    completeAfterMs: wholeNumber("--complete-after-ms", pick("complete-after-ms", "SIMULATOR_COMPLETE_AFTER_MS")),
    errorStyle: oneOf("--error-style", pick("error-style", "SIMULATOR_ERROR_STYLE"), ["200", "4xx"] as const),
    retentionMs: wholeNumber("--retention-ms", pick("retention-ms", "SIMULATOR_RETENTION_MS")),
    queueLimit: wholeNumber("--queue-limit", pick("queue-limit", "SIMULATOR_QUEUE_LIMIT")),
  };
}
