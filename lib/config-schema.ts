import path from "node:path";
import { z } from "zod";
import { buildQuotaPolicy, type QuotaPolicy } from "./generations/quota-policy";
import { buildRateLimits, rateLimitsOverrideSchema, type RateLimitPolicy } from "./http/rate-limit-policy";

export const REAL_BASE_URL = "https://modelslab.com/api/v1/enterprise/flux_headshot";
export const SIMULATOR_KEY = "simulator-key";
export const DEFAULT_SIMULATOR_PORT = 4010;

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === "" ? undefined : s))
  .optional();

const url = (name: string) =>
  z
    .string()
    .trim()
    .refine((s) => /^https?:\/\//.test(s) && URL.canParse(s), { error: `${name} must be an http(s) URL, e.g. https://example.com` })
    .transform((s) => s.replace(/\/+$/, ""));

/**
 * MODELSLAB_OUTPUT_ORIGINS: origins (scheme, host, optional port — no path) the server may download outputs from
 * even on a private address or plain http, e.g. the operator's own bucket after ModelsLab's update_s3 call.
 */
const OUTPUT_ORIGINS_HINT = "MODELSLAB_OUTPUT_ORIGINS must be a comma-separated list of origins (scheme, host and optional port, no path), e.g. https://cdn.example.com,http://10.0.0.5:9000";
const originList = z.string().transform((s, ctx) => {
  const origins: string[] = [];
  for (const entry of s.split(",").map((e) => e.trim()).filter((e) => e !== "")) {
    // Only "scheme://host[:port]" with at most a trailing slash: no credentials, path, query or fragment.
    const shape = /^https?:\/\/[^/?#@\s]+\/?$/i.test(entry);
    const parsed = shape && URL.canParse(entry) ? new URL(entry) : null;
    const bare = parsed !== null && parsed.hostname !== "";
    if (!parsed || !bare) {
      ctx.addIssue({ code: "custom", message: `${OUTPUT_ORIGINS_HINT}; "${entry.slice(0, 100)}" is not one` });
      return z.NEVER;
    }
    if (!origins.includes(parsed.origin)) origins.push(parsed.origin);
  }
  return origins;
});

const ms = (name: string, def: number) =>
  z.coerce
    .number({ error: `${name} must be a number of milliseconds` })
    .int({ error: `${name} must be a whole number of milliseconds` })
    .positive({ error: `${name} must be positive` })
    .default(def);

const jsonText = (name: string) =>
  z.string().transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: `${name} must be JSON, e.g. ${name === "QUOTAS" ? '{"demo":{"perOwner":5}}' : '{"polls":{"limit":600}}'}` });
      return z.NEVER;
    }
  });

const quotaCount = z.number().int().min(0);
const audienceOverride = z.strictObject({
  perOwner: quotaCount.optional(),
  perIp: quotaCount.nullable().optional(),
  windowHours: z.number().positive().max(24 * 366).optional(),
});

/**
 * The shape of the QUOTAS setting, e.g. {"demo":{"perOwner":3,"perIp":10},"staff":{"perOwner":50,"windowHours":24}}.
 * Here rather than beside the policy (lib/generations/quota-policy.ts) so that file stays free of zod for the browser.
 */
const quotasOverrideSchema = z.strictObject({ demo: audienceOverride.optional(), staff: audienceOverride.optional() });
export type QuotasOverride = z.infer<typeof quotasOverrideSchema>;

const flag = (name: string) =>
  z
    .enum(["true", "false", "1", "0", ""], { error: `${name} must be true or false` })
    .default("false")
    .transform((s) => s === "true" || s === "1");

// S3 bucket naming rules (3–63 characters: lowercase letters, digits, dots, hyphens; a letter or digit at each end).
const bucketName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: "S3_BUCKET must be a bucket name: 3–63 lowercase letters, digits, dots and hyphens, e.g. headshots" });

/**
 * Credential sources the AWS SDK finds on its own (its default chain) besides the access-key variables: a
 * profile, web identity (EKS, GitHub OIDC), container credentials (ECS, EKS Pod Identity). Any of them set is
 * enough; the app passes no keys then. (An EC2 instance role: a profile with `credential_source = Ec2InstanceMetadata`.)
 */
const SDK_CREDENTIAL_SOURCES = [
  "AWS_PROFILE",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
] as const;

const envSchema = z.object({
  MODELSLAB_API_KEY: optionalText,
  MODELSLAB_BASE_URL: optionalText.pipe(url("MODELSLAB_BASE_URL").optional()),
  MODELSLAB_OUTPUT_ORIGINS: optionalText.pipe(originList.optional()),
  SIMULATOR_URL: optionalText.pipe(url("SIMULATOR_URL").optional()),
  PUBLIC_BASE_URL: optionalText.pipe(url("PUBLIC_BASE_URL").optional()),
  DATA_DIR: optionalText,
  SESSION_SECRET: optionalText.pipe(z.string().min(32, { error: "SESSION_SECRET must be at least 32 characters" }).optional()),
  JOB_TIMEOUT_MS: ms("JOB_TIMEOUT_MS", 10 * 60_000),
  SWEEP_INTERVAL_MS: ms("SWEEP_INTERVAL_MS", 5_000),
  UPSTREAM_TIMEOUT_MS: ms("UPSTREAM_TIMEOUT_MS", 60_000),
  FACE_TOKEN_TTL_MS: ms("FACE_TOKEN_TTL_MS", 60 * 60_000),
  // Jobs unfinished at the upstream at once, across the whole app; the rest wait in our own queue. ModelsLab
  // refuses more than a few queued requests per key (429).
  MODELSLAB_MAX_IN_FLIGHT: z.coerce
    .number({ error: "MODELSLAB_MAX_IN_FLIGHT must be a number of jobs" })
    .int({ error: "MODELSLAB_MAX_IN_FLIGHT must be a whole number" })
    .min(1, { error: "MODELSLAB_MAX_IN_FLIGHT must be at least 1" })
    .max(1000, { error: "MODELSLAB_MAX_IN_FLIGHT must be at most 1000" })
    .default(4),
  // Audiences and limits (README "Security and limits"):
  // STAFF_ACCESS_CODE — the team access code for /sign-in; unset disables staff sign-in.
  // STAFF_SESSION_TTL_MS — how long a staff sign-in lasts (default 12 h).
  // QUOTAS — JSON override of lib/generations/quota-policy.ts, e.g. {"demo":{"perOwner":5,"perIp":5,"windowHours":24},"staff":{"perOwner":200}}.
  // GLOBAL_DAILY_BUDGET — generations per rolling 24 h across everyone (default 500); 0 stops new jobs.
  // RATE_LIMITS — JSON override of lib/http/rate-limit-policy.ts, e.g. {"polls":{"limit":600,"windowSeconds":60}}.
  // TRUST_PROXY — true only behind a reverse proxy that appends the client address to X-Forwarded-For.
  // ≥ 12 characters: sign-in never locks the team out, so the code's strength is what stops guessing (README
  // "Security and limits" has the arithmetic).
  STAFF_ACCESS_CODE: optionalText.pipe(
    z.string().min(12, { error: "STAFF_ACCESS_CODE must be at least 12 characters; make a random one with: openssl rand -base64 12" }).optional(),
  ),
  STAFF_SESSION_TTL_MS: ms("STAFF_SESSION_TTL_MS", 12 * 60 * 60_000),
  QUOTAS: optionalText.pipe(jsonText("QUOTAS").pipe(quotasOverrideSchema).optional()),
  GLOBAL_DAILY_BUDGET: z.coerce
    .number({ error: "GLOBAL_DAILY_BUDGET must be a number of generations" })
    .int({ error: "GLOBAL_DAILY_BUDGET must be a whole number" })
    .min(0, { error: "GLOBAL_DAILY_BUDGET must not be negative" })
    .default(500),
  RATE_LIMITS: optionalText.pipe(jsonText("RATE_LIMITS").pipe(rateLimitsOverrideSchema).optional()),
  TRUST_PROXY: flag("TRUST_PROXY"),
  // Shared mode: a postgres:// URL moves the database, the job scheduling (pg-boss) and the request rate limits
  // into Postgres, so several instances share one state; unset keeps the embedded default (SQLite).
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .refine((s) => /^postgres(ql)?:\/\/./.test(s) && URL.canParse(s), {
        error: "DATABASE_URL must be a postgres:// URL, e.g. postgres://headshots:secret@db.internal:5432/headshots",
      })
      .optional(),
  ),
  // Uploaded faces (with every generation and output made from them) are deleted after this many days.
  FACE_RETENTION_DAYS: z.coerce
    .number({ error: "FACE_RETENTION_DAYS must be a number of days" })
    .positive({ error: "FACE_RETENTION_DAYS must be positive" })
    .max(3650, { error: "FACE_RETENTION_DAYS must be at most 3650" })
    .default(30),
  // Image storage: set → an S3-compatible bucket (lib/storage/s3-storage.ts); unset → files under DATA_DIR.
  // The AWS_* names are the SDK's own, so a deployment that already sets them for other tools needs nothing new.
  S3_BUCKET: optionalText.pipe(bucketName.optional()),
  AWS_ENDPOINT_URL_S3: optionalText.pipe(url("AWS_ENDPOINT_URL_S3").optional()),
  AWS_REGION: optionalText,
  AWS_ACCESS_KEY_ID: optionalText,
  AWS_SECRET_ACCESS_KEY: optionalText,
  AWS_SESSION_TOKEN: optionalText,
  S3_FORCE_PATH_STYLE: flag("S3_FORCE_PATH_STYLE"),
});

/** The S3 driver's settings (lib/storage/s3-storage.ts). `credentials: null` → the SDK's own credential chain. */
export type S3Settings = {
  bucket: string;
  region: string;
  /** Unset → AWS S3 itself; set for MinIO, R2, s3rver and other S3-compatible servers. */
  endpoint: string | null;
  forcePathStyle: boolean;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | null;
};

export type AppConfig = {
  mode: "real" | "simulated";
  modelslab: {
    baseUrl: string;
    apiKey: string;
    timeoutMs: number;
    /**
     * Real mode: the origins output downloads may reach even on a private address or plain http — the base
     * URL's own origin (the key already goes there) and MODELSLAB_OUTPUT_ORIGINS. Every other output URL must
     * be https on a public address. Empty in demo mode (the simulator's outputs are not guarded).
     */
    trustedOutputOrigins: string[];
  };
  publicBaseUrl: string | null;
  dataDir: string;
  sessionSecret: string | null;
  jobTimeoutMs: number;
  sweepIntervalMs: number;
  faceTokenTtlMs: number;
  maxInFlight: number;
  staffAccessCode: string | null;
  staffSessionTtlMs: number;
  quotas: QuotaPolicy;
  rateLimits: RateLimitPolicy;
  trustProxy: boolean;
  faceRetentionDays: number;
  /** Set → image bytes live in this bucket; null → under `${dataDir}/files`. */
  s3: S3Settings | null;
  /** Postgres for shared mode, or null (embedded: SQLite, in-process limits). */
  databaseUrl: string | null;
};

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const s3 = s3Settings(e, env);
  // Several instances must verify each other's owner cookies and staff sessions, so none may invent its own key
  // in DATA_DIR (lib/session/signing.ts) — the embedded default's no-set-up convenience ends here.
  if ((e.DATABASE_URL !== undefined || s3 !== null) && e.SESSION_SECRET === undefined) {
    throw new ConfigError(
      "Invalid configuration:\n  SESSION_SECRET: required in shared mode (DATABASE_URL or S3_BUCKET is set): every instance must " +
        "sign and verify cookies with the same key — set the same value of 32+ characters on each, e.g. from `openssl rand -base64 48`",
    );
  }
  const real = e.MODELSLAB_API_KEY !== undefined;
  const simulatorUrl = e.SIMULATOR_URL ?? `http://127.0.0.1:${DEFAULT_SIMULATOR_PORT}`;
  const baseUrl = real ? (e.MODELSLAB_BASE_URL ?? REAL_BASE_URL) : `${simulatorUrl}/api/v1/enterprise/flux_headshot`;
  const trustedOutputOrigins = real ? [...new Set([new URL(baseUrl).origin, ...(e.MODELSLAB_OUTPUT_ORIGINS ?? [])])] : [];
  return {
    mode: real ? "real" : "simulated",
    modelslab: { baseUrl, apiKey: e.MODELSLAB_API_KEY ?? SIMULATOR_KEY, timeoutMs: e.UPSTREAM_TIMEOUT_MS, trustedOutputOrigins },
    publicBaseUrl: e.PUBLIC_BASE_URL ?? null,
    // The data folder is chosen at run time; it must not pull the project into the build trace.
    dataDir: path.resolve(/*turbopackIgnore: true*/ process.cwd(), e.DATA_DIR ?? "./data"),
    sessionSecret: e.SESSION_SECRET ?? null,
    jobTimeoutMs: e.JOB_TIMEOUT_MS,
    sweepIntervalMs: e.SWEEP_INTERVAL_MS,
    faceTokenTtlMs: e.FACE_TOKEN_TTL_MS,
    staffAccessCode: e.STAFF_ACCESS_CODE ?? null,
    staffSessionTtlMs: e.STAFF_SESSION_TTL_MS,
    quotas: buildQuotaPolicy(e.QUOTAS, e.GLOBAL_DAILY_BUDGET),
    rateLimits: buildRateLimits(e.RATE_LIMITS),
    trustProxy: e.TRUST_PROXY,
    faceRetentionDays: e.FACE_RETENTION_DAYS,
    maxInFlight: e.MODELSLAB_MAX_IN_FLIGHT,
    databaseUrl: e.DATABASE_URL ?? null,
    s3,
  };
}

/** S3_BUCKET and its companions: every missing or half-set piece named at once, as the other settings are. */
function s3Settings(e: z.infer<typeof envSchema>, env: Record<string, string | undefined>): S3Settings | null {
  if (e.S3_BUCKET === undefined) return null;
  const problems: string[] = [];
  const region = e.AWS_REGION;
  if (region === undefined) {
    problems.push("AWS_REGION: required when S3_BUCKET is set, e.g. eu-central-1 (MinIO and most S3-compatible servers accept us-east-1)");
  }
  const keyId = e.AWS_ACCESS_KEY_ID;
  const secret = e.AWS_SECRET_ACCESS_KEY;
  if ((keyId === undefined) !== (secret === undefined)) {
    problems.push(`${keyId === undefined ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY"}: required with ${keyId === undefined ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID"} (set both or neither)`);
  } else if (keyId === undefined && !SDK_CREDENTIAL_SOURCES.some((name) => (env[name] ?? "").trim() !== "")) {
    problems.push(
      `AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: S3_BUCKET is set but no credentials are; set both, or one of the SDK's own sources: ${SDK_CREDENTIAL_SOURCES.join(", ")}`,
    );
  }
  if (problems.length > 0 || region === undefined) throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  return {
    bucket: e.S3_BUCKET,
    region,
    endpoint: e.AWS_ENDPOINT_URL_S3 ?? null,
    forcePathStyle: e.S3_FORCE_PATH_STYLE,
    credentials:
      keyId !== undefined && secret !== undefined
        ? { accessKeyId: keyId, secretAccessKey: secret, ...(e.AWS_SESSION_TOKEN ? { sessionToken: e.AWS_SESSION_TOKEN } : {}) }
        : null,
  };
}
