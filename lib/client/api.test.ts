import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, apiRequest, callAction, createGeneration, getGeneration, listGenerations, uploadFace } from "./api";

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

function mockFetch(impl: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const fn = vi.fn(impl);
  vi.stubGlobal("fetch", fn);
  return fn;
}

afterEach(() => vi.unstubAllGlobals());

async function caught(p: Promise<unknown>): Promise<ApiError> {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe("api error parsing", () => {
  it("turns the JSON error body into an ApiError with fields", async () => {
    mockFetch(() =>
      json(422, { error: { code: "validation", message: "Check the highlighted fields.", fields: { steps: "Steps must be between 1 and 26." }, requestId: "r1" } }),
    );
    const error = await caught(getGeneration("gen_1"));
    expect(error).toMatchObject({ status: 422, code: "validation", message: "Check the highlighted fields.", requestId: "r1" });
    expect(error.fields).toEqual({ steps: "Steps must be between 1 and 26." });
  });

  it("reads retryAfterSeconds from the body, else from the Retry-After header", async () => {
    mockFetch(() => json(429, { error: { code: "rate_limited", message: "Slow down.", retryAfterSeconds: 12, requestId: "r" } }));
    expect((await caught(getGeneration("x"))).retryAfterSeconds).toBe(12);
    mockFetch(() => json(429, { error: { code: "quota_exceeded", message: "Daily limit reached.", requestId: "r" } }, { "Retry-After": "30" }));
    expect((await caught(getGeneration("x"))).retryAfterSeconds).toBe(30);
  });

  it("never shows raw bodies that are not our error shape", async () => {
    mockFetch(() => new Response("<html>Bad Gateway</html>", { status: 502 }));
    const error = await caught(getGeneration("x"));
    expect(error).toMatchObject({ status: 502, code: "unknown", message: "Something went wrong on our side. Please try again." });
    mockFetch(() => new Response("", { status: 413 }));
    expect((await caught(uploadFace(new File(["x"], "a.jpg")))).message).toBe("That file is too large.");
  });

  it("reports a network failure in plain words", async () => {
    mockFetch(() => Promise.reject(new TypeError("fetch failed")));
    const error = await caught(getGeneration("x"));
    expect(error).toMatchObject({ status: 0, code: "network", message: "Could not reach the server. Check your connection and try again." });
  });

  it("lets cancellation through untouched", async () => {
    mockFetch(() => Promise.reject(new DOMException("aborted", "AbortError")));
    await expect(getGeneration("x")).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("requests", () => {
  it("sends the idempotency key and the JSON body", async () => {
    const fetchFn = mockFetch(() => json(201, { id: "gen_1" }));
    const input = { faceId: "face_12345678", prompt: "p", negativePrompt: "", width: 1024, height: 1024, steps: 21, guidanceScale: 7.5, seed: undefined, base64: false };
    await expect(createGeneration(input, "key-1")).resolves.toEqual({ id: "gen_1" });
    const [url, init] = fetchFn.mock.calls[0]!;
    expect(url).toBe("/api/generations");
    expect(init.method).toBe("POST");
    expect(new Headers(init.headers).get("Idempotency-Key")).toBe("key-1");
    expect(JSON.parse(String(init.body))).toMatchObject({ faceId: "face_12345678", steps: 21 });
  });

  it("uploads the face as multipart field `file`", async () => {
    const fetchFn = mockFetch(() => json(201, { id: "face_1" }));
    await uploadFace(new File(["abc"], "me.jpg", { type: "image/jpeg" }));
    const body = fetchFn.mock.calls[0]![1].body;
    expect(body).toBeInstanceOf(FormData);
    expect((body as FormData).get("file")).toBeInstanceOf(File);
  });

  it("builds list query strings and handles 204", async () => {
    const fetchFn = mockFetch((url) => (url.startsWith("/api/generations?") ? json(200, { items: [], nextCursor: null }) : new Response(null, { status: 204 })));
    await listGenerations({ cursor: "c1", status: "failed", q: "  suit ", limit: 20 });
    expect(fetchFn.mock.calls[0]![0]).toBe("/api/generations?cursor=c1&status=failed&q=suit&limit=20");
    await expect(apiRequest("/api/generations/gen_1", { method: "DELETE" })).resolves.toBeUndefined();
    expect(fetchFn.mock.calls[1]![1].method).toBe("DELETE");
  });
});

describe("server actions", () => {
  it("answers the value, or throws the same ApiError a route's error body would give", async () => {
    await expect(callAction(async () => ({ ok: true, value: 3 }))).resolves.toBe(3);
    const refused = await caught(
      callAction(async () => ({ ok: false, status: 429, error: { code: "rate_limited", message: "Slow down.", retryAfterSeconds: 9, requestId: "r" } })),
    );
    expect(refused).toMatchObject({ status: 429, code: "rate_limited", message: "Slow down.", retryAfterSeconds: 9 });
  });

  it("reports a lost connection in plain words", async () => {
    const error = await caught(callAction(() => Promise.reject(new TypeError("Failed to fetch"))));
    expect(error).toMatchObject({ status: 0, code: "network", message: "Could not reach the server. Check your connection and try again." });
  });
});
