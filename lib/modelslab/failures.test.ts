import { describe, expect, it } from "vitest";
import {
  classifyFailure,
  classifyOutputDownload,
  classifyTransportError,
  OutputDownloadError,
  redactDeep,
  transportFailure,
  type FailureInput,
} from "./failures";

const KEY = "sk-secret-abc123";

function input(extra: Partial<FailureInput>): FailureInput {
  return { httpStatus: 200, body: null, rawText: "", key: KEY, context: "make_gen", ...extra };
}

const said = (extra: Partial<NonNullable<FailureInput["body"]>>) => ({ status: "error", message: null, retryAfter: null, warmup: false, ...extra });

describe("classifyFailure", () => {
  it("a warm-up answer wins over anything else it says", () => {
    expect(classifyFailure(input({ httpStatus: 401, body: said({ warmup: true }) }))).toMatchObject({ reason: "unavailable", retryable: true });
  });

  it("an unreadable 2xx is ambiguous for make_gen only", () => {
    expect(classifyFailure(input({}))).toMatchObject({ reason: "unknown", ambiguous: true, retryable: false });
    expect(classifyFailure(input({ context: "fetch" }))).toMatchObject({ reason: "unavailable", ambiguous: false, retryable: true });
    expect(classifyFailure(input({ context: "system_details" }))).toMatchObject({ reason: "unavailable", retryable: true });
    expect(classifyFailure(input({ context: "webhook", httpStatus: null }))).toMatchObject({ reason: "unknown", ambiguous: false, retryable: true });
  });

  it("status error is a refusal for make_gen and a failed job for fetch and webhook", () => {
    const body = said({ message: "bad" });
    expect(classifyFailure(input({ body }))).toMatchObject({ reason: "invalid_request", message: "The request was refused: bad" });
    expect(classifyFailure(input({ body, context: "webhook" }))).toMatchObject({ reason: "unknown", message: "The generation failed: bad" });
  });

  it("not_found only applies to fetch", () => {
    expect(classifyFailure(input({ httpStatus: 404, context: "fetch", body: said({}) }))).toMatchObject({ reason: "not_found" });
    expect(classifyFailure(input({ httpStatus: 404, body: said({}) }))).toMatchObject({ reason: "invalid_request", message: "The request was refused: HTTP 404" });
  });

  it("says 'not found' only when the upstream said so: its JSON 404/410 or a message about the id", () => {
    expect(classifyFailure(input({ httpStatus: 410, context: "fetch", body: said({}) }))).toMatchObject({ reason: "not_found" });
    expect(classifyFailure(input({ httpStatus: 200, context: "fetch", body: said({ message: "ID does not exist or is not queued" }) }))).toMatchObject({ reason: "not_found" });
    // A bare 404 page (a gateway, a wrong path on an enterprise server) says nothing about the job.
    const page = classifyFailure(input({ httpStatus: 404, context: "fetch", body: null, rawText: "<html>404 Not Found</html>" }));
    expect(page.reason).not.toBe("not_found");
    expect(page.message).not.toMatch(/not found|expired/i);
    // An expired API key is a key problem, not an expired job.
    expect(classifyFailure(input({ httpStatus: 200, context: "fetch", body: said({ message: "Your API key has expired" }) }))).toMatchObject({ reason: "invalid_key" });
  });

  it("sanitises the upstream reason: key redacted, control characters flattened, 200 characters at most", () => {
    const message = `line one\n\u0007${KEY} ${"z".repeat(300)}`;
    const result = classifyFailure(input({ body: said({ message }), rawText: message }));
    expect(result.message.startsWith("The request was refused: line one [redacted] zzz")).toBe(true);
    expect(result.message.length).toBeLessThanOrEqual("The request was refused: ".length + 201);
    expect(result.detail).toMatch(/^HTTP 200: line one .*\[redacted\]/);
  });

  it("describes a webhook as having no HTTP response", () => {
    expect(classifyFailure(input({ httpStatus: null, context: "webhook" })).detail).toBe("no HTTP response: (empty body)");
  });
});

describe("transport errors", () => {
  it.each([
    ["timeout", Object.assign(new Error("t"), { name: "TimeoutError" }), { kind: "timeout" }],
    ["abort", Object.assign(new Error("a"), { name: "AbortError" }), { kind: "timeout" }],
    ["refused before sending", new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } }), { kind: "network", sent: false, code: "ECONNREFUSED" }],
    ["reset after sending", new TypeError("fetch failed", { cause: { code: "ECONNRESET" } }), { kind: "network", sent: true, code: "ECONNRESET" }],
    ["no code: assume sent", new TypeError("fetch failed"), { kind: "network", sent: true, code: null }],
  ])("%s", (_name, error, expected) => {
    expect(classifyTransportError(error)).toEqual(expected);
  });

  it("only make_gen treats a call that may have left as ambiguous", () => {
    const sent = { kind: "network", sent: true, code: "ECONNRESET" } as const;
    expect(transportFailure(sent, "make_gen", 1000)).toMatchObject({ reason: "unavailable", ambiguous: true, retryable: false });
    expect(transportFailure(sent, "fetch", 1000)).toMatchObject({ reason: "unavailable", ambiguous: false, retryable: true });
    expect(transportFailure({ kind: "timeout" }, "make_gen", 1000)).toMatchObject({
      reason: "timeout", ambiguous: true, retryable: false, detail: "no HTTP response: timed out after 1000 ms",
    });
  });
});

describe("redaction and download errors", () => {
  it("redactDeep reaches every string of a nested value", () => {
    expect(redactDeep({ a: [`x${KEY}`, 1, { b: KEY }], c: null }, KEY)).toEqual({ a: ["x[redacted]", 1, { b: "[redacted]" }], c: null });
  });

  it("marks 404 and 410 downloads as expired", () => {
    expect(new OutputDownloadError("http_status", "m", 410).expired).toBe(true);
    expect(new OutputDownloadError("http_status", "m", 500).expired).toBe(false);
  });

  it("classifies download failures by what happened; only 404/410 reads 'expired'", () => {
    const url = new URL("http://10.0.0.5:9000/temp/a.png?X-Amz-Signature=abc");
    const refused = new OutputDownloadError("refused_url", "m", null, { url });
    expect(refused).toMatchObject({ host: "10.0.0.5:9000", origin: "http://10.0.0.5:9000" });
    expect(classifyOutputDownload(refused)).toEqual({ reason: "output_refused", message: "The image service returned the result at an address this server may not download from.", retryable: false });
    expect(classifyOutputDownload(new OutputDownloadError("http_status", "m", 404))).toMatchObject({ reason: "expired", retryable: false });
    expect(classifyOutputDownload(new OutputDownloadError("http_status", "m", 503))).toMatchObject({ reason: "output_unavailable", retryable: true });
    expect(classifyOutputDownload(new OutputDownloadError("too_large", "m"))).toMatchObject({ reason: "output_too_large", retryable: false });
    expect(classifyOutputDownload(new OutputDownloadError("not_image", "m"))).toMatchObject({ reason: "output_invalid", retryable: false });
    expect(classifyOutputDownload(new OutputDownloadError("timeout", "m"))).toMatchObject({ reason: "output_unavailable", retryable: true });
    for (const problem of ["refused_url", "too_large", "html", "not_image", "bad_url", "timeout", "network"] as const) {
      expect(classifyOutputDownload(new OutputDownloadError(problem, "m")).message).not.toMatch(/expired|not found/i);
    }
  });
});
