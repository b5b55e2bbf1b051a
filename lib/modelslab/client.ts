import "server-only";
// lib/modelslab/ is the only code that knows ModelsLab's wire format (the Enterprise Flux Headshot server:
// make_gen, fetch/{id}, system_details, webhook bodies, output files). Everything it hands the rest of the
// app is one of its own union types (./types): callers never see upstream JSON, and never the API key.
//   client.ts   — this file: the calls (one POST each, warm-up resubmits only) and their options
//   wire.ts     — the make_gen body and the ONE reader of make_gen / fetch / webhook answers
//   failures.ts — failure classification, user-safe messages, transport errors, key redaction
//   download.ts — output download, base64 outputs, and the SSRF guard for real mode
import { readCapped } from "@/lib/http/body";
import type {
  FetchResult,
  MakeGenInput,
  MakeGenResult,
  ModelsLabClientOptions,
  SystemDetails,
  UpstreamOutput,
} from "./types";
import { downloadOutput } from "./download";
import { classifyTransportError, redactDeep, transportFailure, type TransportFailure } from "./failures";
import { buildMakeGenBody, isWarmupAnswer, normalizeFetch, normalizeMakeGen, normalizeSystemDetails } from "./wire";

export type ModelsLabClient = {
  makeGen(input: MakeGenInput): Promise<MakeGenResult>;
  fetchResult(upstreamId: string): Promise<FetchResult>;
  systemDetails(): Promise<SystemDetails>;
  downloadOutput(output: UpstreamOutput): Promise<Buffer>;
};

const DEFAULTS = { timeoutMs: 60_000, warmupRetries: 3, warmupDelayMs: 5_000, maxOutputBytes: 40 * 1024 * 1024 };
const MAX_ANSWER_BYTES = 2 * 1024 * 1024;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type PostOutcome = { kind: "http"; status: number; text: string } | TransportFailure;

/** One POST, no retries. The key travels only inside `body`, never in the URL or a header. */
async function postJson(fetchImpl: typeof fetch, url: string, body: string, timeoutMs: number): Promise<PostOutcome> {
  try {
    const res = await fetchImpl(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body,
      cache: "no-store",
      redirect: "error",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const bytes = await readCapped(res, MAX_ANSWER_BYTES);
    return { kind: "http", status: res.status, text: bytes.toString("utf8") };
  } catch (error) {
    return classifyTransportError(error);
  }
}

export function createModelsLabClient(opts: ModelsLabClientOptions): ModelsLabClient {
  const baseUrl = opts.baseUrl.replace(/\/+$/, "");
  const key = opts.apiKey;
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.timeoutMs;
  const warmupRetries = opts.warmupRetries ?? DEFAULTS.warmupRetries;
  const warmupDelayMs = opts.warmupDelayMs ?? DEFAULTS.warmupDelayMs;
  const fetchImpl = opts.fetchImpl ?? fetch;
  const keyBody = JSON.stringify({ key });

  async function makeGen(input: MakeGenInput): Promise<MakeGenResult> {
    const body = buildMakeGenBody(input, key);
    for (let attempt = 0; ; attempt++) {
      const outcome = await postJson(fetchImpl, `${baseUrl}/make_gen`, body, timeoutMs);
      if (outcome.kind !== "http") return transportFailure(outcome, "make_gen", timeoutMs);
      const result = normalizeMakeGen(outcome.status, outcome.text, { key });
      // "Try Again" means the model was still loading and no job was created, so resubmitting is safe.
      if (!isWarmupAnswer(outcome.text) || attempt >= warmupRetries) return result;
      await sleep(warmupDelayMs);
    }
  }

  async function fetchResult(upstreamId: string): Promise<FetchResult> {
    // Always our own URL: the upstream's `fetch_result` hint may name another host or API version.
    const url = `${baseUrl}/fetch/${encodeURIComponent(upstreamId)}`;
    const outcome = await postJson(fetchImpl, url, keyBody, timeoutMs);
    if (outcome.kind !== "http") return transportFailure(outcome, "fetch", timeoutMs);
    return normalizeFetch(outcome.status, outcome.text, { upstreamId, key });
  }

  async function systemDetails(): Promise<SystemDetails> {
    const outcome = await postJson(fetchImpl, `${baseUrl}/system_details`, keyBody, timeoutMs);
    if (outcome.kind !== "http") return transportFailure(outcome, "system_details", timeoutMs);
    return redactDeep(normalizeSystemDetails(outcome.status, outcome.text, { key }), key);
  }

  function download(output: UpstreamOutput): Promise<Buffer> {
    return downloadOutput(output, {
      fetchImpl: opts.downloadFetchImpl ?? fetchImpl,
      timeoutMs,
      maxOutputBytes: opts.maxOutputBytes ?? DEFAULTS.maxOutputBytes,
      assertOutputUrlAllowed: opts.assertOutputUrlAllowed,
    });
  }

  return { makeGen, fetchResult, systemDetails, downloadOutput: download };
}
