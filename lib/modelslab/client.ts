import "server-only";
import type {
  FetchResult,
  MakeGenInput,
  MakeGenResult,
  ModelsLabClientOptions,
  SystemDetails,
  UpstreamOutput,
} from "./types";
import { isWarmupAnswer } from "./classify-failure";
import { downloadOutput } from "./download-output";
import { buildMakeGenBody } from "./make-gen-body";
import { normalizeFetch } from "./normalize-fetch";
import { normalizeMakeGen } from "./normalize-make-gen";
import { normalizeSystemDetails } from "./normalize-system-details";
import { postJson } from "./post-json";
import { redactDeep } from "./redact";
import { transportFailure } from "./transport-failure";
import { parseJsonObject } from "./wire-values";

export type ModelsLabClient = {
  makeGen(input: MakeGenInput): Promise<MakeGenResult>;
  fetchResult(upstreamId: string): Promise<FetchResult>;
  systemDetails(): Promise<SystemDetails>;
  downloadOutput(output: UpstreamOutput): Promise<Buffer>;
};

const DEFAULTS = { timeoutMs: 60_000, warmupRetries: 3, warmupDelayMs: 5_000, maxOutputBytes: 40 * 1024 * 1024 };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
      if (!isWarmupAnswer(parseJsonObject(outcome.text)) || attempt >= warmupRetries) return result;
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
