import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig, REAL_BASE_URL, SIMULATOR_KEY } from "./config-schema";

describe("parseConfig", () => {
  it("without a key runs against the local simulator", () => {
    const c = parseConfig({});
    expect(c.mode).toBe("simulated");
    expect(c.modelslab).toMatchObject({ baseUrl: "http://127.0.0.1:4010/api/v1/enterprise/flux_headshot", apiKey: SIMULATOR_KEY });
    expect(c.dataDir).toBe(path.resolve("./data"));
    expect(c.publicBaseUrl).toBeNull();
    expect(c.jobTimeoutMs).toBe(600_000);
  });

  it("an empty key is the same as no key", () => {
    expect(parseConfig({ MODELSLAB_API_KEY: "  " }).mode).toBe("simulated");
  });

  it("with a key uses the real base URL, or the configured one without its trailing slash", () => {
    expect(parseConfig({ MODELSLAB_API_KEY: "k" }).modelslab).toMatchObject({ baseUrl: REAL_BASE_URL, apiKey: "k" });
    expect(parseConfig({ MODELSLAB_API_KEY: "k", MODELSLAB_BASE_URL: "https://x.test/api/" }).modelslab.baseUrl).toBe("https://x.test/api");
  });

  it("reads PUBLIC_BASE_URL, DATA_DIR and the timing settings", () => {
    const c = parseConfig({ PUBLIC_BASE_URL: "https://app.test/", DATA_DIR: "/tmp/hs", JOB_TIMEOUT_MS: "5000" });
    expect(c).toMatchObject({ publicBaseUrl: "https://app.test", dataDir: "/tmp/hs", jobTimeoutMs: 5000 });
  });

  it.each([
    [{ MODELSLAB_BASE_URL: "modelslab.com" }, "MODELSLAB_BASE_URL"],
    [{ PUBLIC_BASE_URL: "ftp://x" }, "PUBLIC_BASE_URL"],
    [{ JOB_TIMEOUT_MS: "soon" }, "JOB_TIMEOUT_MS"],
    [{ SWEEP_INTERVAL_MS: "-5" }, "SWEEP_INTERVAL_MS"],
    [{ SESSION_SECRET: "short" }, "SESSION_SECRET"],
  ])("a bad value stops start-up naming the setting (%o)", (env, name) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(name);
  });
});

describe("STAFF_ACCESS_CODE", () => {
  it("needs at least 12 characters (an 8-character code is no longer enough: sign-in never locks out)", () => {
    expect(() => parseConfig({ STAFF_ACCESS_CODE: "abcdefgh" })).toThrow(/STAFF_ACCESS_CODE must be at least 12 characters/);
    expect(() => parseConfig({ STAFF_ACCESS_CODE: "abcdefghijk" })).toThrow(/openssl rand -base64 12/);
    expect(parseConfig({ STAFF_ACCESS_CODE: "abcdefghijkl" }).staffAccessCode).toBe("abcdefghijkl");
  });
});

describe("MODELSLAB_OUTPUT_ORIGINS", () => {
  it("real mode trusts the base URL's origin for output downloads, plus the listed origins (normalised, deduplicated)", () => {
    const c = parseConfig({ MODELSLAB_API_KEY: "k", MODELSLAB_BASE_URL: "http://10.0.0.2:8080/api/v1/enterprise/flux_headshot", MODELSLAB_OUTPUT_ORIGINS: " https://CDN.example.com/ ,http://10.0.0.5:9000,https://cdn.example.com" });
    expect(c.modelslab.trustedOutputOrigins).toEqual(["http://10.0.0.2:8080", "https://cdn.example.com", "http://10.0.0.5:9000"]);
    expect(parseConfig({ MODELSLAB_API_KEY: "k" }).modelslab.trustedOutputOrigins).toEqual(["https://modelslab.com"]);
  });

  it("demo mode guards nothing (the simulator serves outputs from loopback)", () => {
    expect(parseConfig({ MODELSLAB_OUTPUT_ORIGINS: "https://cdn.example.com" }).modelslab.trustedOutputOrigins).toEqual([]);
  });

  it.each(["cdn.example.com", "ftp://files.example.com", "https://cdn.example.com/bucket", "https://user:pw@cdn.example.com", "https://cdn.example.com?x=1", "https://", "https://a.example.com,,nope"])(
    "refuses %s with a message naming the setting and the expected shape",
    (value) => {
      expect(() => parseConfig({ MODELSLAB_API_KEY: "k", MODELSLAB_OUTPUT_ORIGINS: value })).toThrow(/MODELSLAB_OUTPUT_ORIGINS must be a comma-separated list of origins/);
    },
  );
});

describe("FACE_RETENTION_DAYS", () => {
  it("defaults to 30 days and accepts a fraction of a day", () => {
    expect(parseConfig({}).faceRetentionDays).toBe(30);
    expect(parseConfig({ FACE_RETENTION_DAYS: "0.5" }).faceRetentionDays).toBe(0.5);
  });
  it.each(["0", "-1", "soon", "99999"])("refuses %s, naming the setting", (value) => {
    expect(() => parseConfig({ FACE_RETENTION_DAYS: value })).toThrow("FACE_RETENTION_DAYS");
  });
});

describe("S3_BUCKET (image storage)", () => {
  // SESSION_SECRET rides along: a bucket means shared mode, which requires it (tested below).
  const keys = { AWS_ACCESS_KEY_ID: "AKIAEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret", SESSION_SECRET: "x".repeat(32) };

  it("unset (or empty) keeps image files under DATA_DIR, whatever AWS_* says", () => {
    expect(parseConfig({}).s3).toBeNull();
    expect(parseConfig({ S3_BUCKET: " ", AWS_REGION: "eu-central-1", ...keys }).s3).toBeNull();
  });

  it("set with a region and keys selects the bucket; the endpoint and path style are for S3-compatible servers", () => {
    expect(parseConfig({ S3_BUCKET: "headshots", AWS_REGION: "eu-central-1", ...keys }).s3).toEqual({
      bucket: "headshots",
      region: "eu-central-1",
      endpoint: null,
      forcePathStyle: false,
      credentials: { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "secret" },
    });
    const minio = parseConfig({
      S3_BUCKET: "headshots",
      AWS_REGION: "us-east-1",
      AWS_ENDPOINT_URL_S3: "http://10.0.0.5:9000/",
      S3_FORCE_PATH_STYLE: "true",
      AWS_SESSION_TOKEN: "token",
      ...keys,
    }).s3;
    expect(minio).toMatchObject({ endpoint: "http://10.0.0.5:9000", forcePathStyle: true, credentials: { sessionToken: "token" } });
  });

  it("without keys uses the SDK's own credential source when one is configured (profile, web identity, container)", () => {
    const s3 = parseConfig({ S3_BUCKET: "headshots", AWS_REGION: "eu-central-1", AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/token", SESSION_SECRET: keys.SESSION_SECRET }).s3;
    expect(s3?.credentials).toBeNull();
    expect(parseConfig({ S3_BUCKET: "headshots", AWS_REGION: "eu-central-1", AWS_PROFILE: "prod", SESSION_SECRET: keys.SESSION_SECRET }).s3?.credentials).toBeNull();
  });

  it.each([
    [{ S3_BUCKET: "headshots", ...keys }, /AWS_REGION: required when S3_BUCKET is set/],
    [{ S3_BUCKET: "headshots", AWS_REGION: "eu-central-1" }, /S3_BUCKET is set but no credentials are; set both, or one of the SDK's own sources: AWS_PROFILE/],
    [{ S3_BUCKET: "headshots", AWS_REGION: "eu-central-1", AWS_ACCESS_KEY_ID: "AKIAEXAMPLE" }, /AWS_SECRET_ACCESS_KEY: required with AWS_ACCESS_KEY_ID/],
    [{ S3_BUCKET: "headshots", AWS_REGION: "eu-central-1", AWS_SECRET_ACCESS_KEY: "s" }, /AWS_ACCESS_KEY_ID: required with AWS_SECRET_ACCESS_KEY/],
    [{ S3_BUCKET: "Head_Shots", AWS_REGION: "eu-central-1", ...keys }, /S3_BUCKET: S3_BUCKET must be a bucket name/],
    [{ S3_BUCKET: "headshots", AWS_REGION: "eu-central-1", AWS_ENDPOINT_URL_S3: "minio:9000", ...keys }, /AWS_ENDPOINT_URL_S3 must be an http\(s\) URL/],
    [{ S3_BUCKET: "headshots", AWS_REGION: "eu-central-1", S3_FORCE_PATH_STYLE: "yes", ...keys }, /S3_FORCE_PATH_STYLE must be true or false/],
  ])("a missing or bad piece stops start-up naming it (%o)", (env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(message);
  });

  it("names every missing piece at once", () => {
    expect(() => parseConfig({ S3_BUCKET: "headshots" })).toThrow(/AWS_REGION[\s\S]*AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY/);
  });
});

describe("DATABASE_URL", () => {
  it("is null when unset or empty (embedded mode) and kept as given when it is a postgres URL", () => {
    expect(parseConfig({}).databaseUrl).toBeNull();
    expect(parseConfig({ DATABASE_URL: "" }).databaseUrl).toBeNull();
    const secret = { SESSION_SECRET: "x".repeat(32) };
    expect(parseConfig({ DATABASE_URL: "postgres://u:p@db.internal:5432/hs", ...secret }).databaseUrl).toBe("postgres://u:p@db.internal:5432/hs");
    expect(parseConfig({ DATABASE_URL: "postgresql://db.internal/hs", ...secret }).databaseUrl).toBe("postgresql://db.internal/hs");
  });
  it.each(["mysql://db/hs", "db.internal:5432", "postgres://", "https://db.internal"])("refuses %s, naming the setting and the shape", (value) => {
    expect(() => parseConfig({ DATABASE_URL: value })).toThrow(/DATABASE_URL must be a postgres:\/\/ URL/);
  });
});

describe(".env.example", () => {
  it("documents every setting and parses as it stands (copying it to .env is a valid start)", async () => {
    const { readFileSync } = await import("node:fs");
    const lines = readFileSync(path.join(process.cwd(), ".env.example"), "utf8").split("\n");
    const env = Object.fromEntries(lines.filter((l) => /^[A-Z][A-Z0-9_]*=/.test(l)).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
    expect(() => parseConfig(env)).not.toThrow();
    const source = readFileSync(path.join(process.cwd(), "lib", "config-schema.ts"), "utf8");
    const declared = [...source.matchAll(/^ {2}([A-Z][A-Z0-9_]+): /gm)].map((m) => m[1]);
    expect(declared.length).toBeGreaterThan(10);
    expect(declared.filter((name) => !(name! in env))).toEqual([]);
  });
});

describe("SESSION_SECRET in shared mode", () => {
  const secret = { SESSION_SECRET: "x".repeat(32) };
  const s3 = { S3_BUCKET: "headshots", AWS_REGION: "eu-central-1", AWS_ACCESS_KEY_ID: "AKIAEXAMPLE", AWS_SECRET_ACCESS_KEY: "s" };

  it.each([
    ["DATABASE_URL", { DATABASE_URL: "postgres://db.internal/hs" }],
    ["S3_BUCKET", s3],
  ])("is required when %s is set, with a message saying why and how", (_name, env) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(/SESSION_SECRET: required in shared mode[\s\S]*openssl rand/);
    expect(parseConfig({ ...env, ...secret }).sessionSecret).toBe(secret.SESSION_SECRET);
  });

  it("stays optional in embedded mode (a key is generated in DATA_DIR)", () => {
    expect(parseConfig({}).sessionSecret).toBeNull();
  });
});
