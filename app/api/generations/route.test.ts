// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerationDto, GenerationListDto } from "@/lib/client/types";
import { fixture } from "@/test/images";
import { errorOf, startRouteEnv, type RouteEnv } from "@/test/route-env";
import { POST as uploadFace } from "../faces/route";
import { GET, POST } from "./route";

let env: RouteEnv;
let owner: { id: string; cookie: string };
let faceId: string;

beforeAll(async () => {
  env = await startRouteEnv({ mode: "sync" });
  owner = env.owner();
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(fixture("portrait-a.jpg"))], { type: "image/jpeg" }), "a.jpg");
  const res = await uploadFace(new Request("http://localhost/api/faces", { method: "POST", body: form, headers: { cookie: owner.cookie } }), {});
  faceId = ((await res.json()) as { id: string }).id;
});
afterAll(() => env.close());

const MB = 1024 * 1024;
const valid = () => ({ faceId, prompt: "studio headshot", negativePrompt: "blurry", width: 512, height: 640, steps: 21, guidanceScale: 7.5, seed: 42, base64: false });

function create(body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return POST(new Request("http://localhost/api/generations", { method: "POST", body: text, headers: { cookie: owner.cookie, "content-type": "application/json", ...headers } }), {});
}

async function fieldRefusal(patch: Record<string, unknown>, field: string, message: RegExp) {
  const res = await create({ ...valid(), ...patch });
  expect(res.status, JSON.stringify(patch).slice(0, 80)).toBe(422);
  const error = await errorOf(res);
  expect(error.fields?.[field], JSON.stringify(error)).toMatch(message);
}

describe("POST /api/generations refuses hostile parameters with a 4xx naming the field", () => {
  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ["missing prompt", { prompt: undefined }, "prompt", /text/],
    ["missing width", { width: undefined }, "width", /number/],
    ["blank prompt", { prompt: "   " }, "prompt", /Describe/],
    ["prompt as a number", { prompt: 123 }, "prompt", /text/],
    ["width as words", { width: "abc" }, "width", /number/],
    ["width as an array", { width: [512] }, "width", /number/],
    ["width as a boolean", { width: true }, "width", /number/],
    ["width as an object", { width: { valueOf: 512 } }, "width", /number/],
    ["width NaN", { width: "NaN" }, "width", /number/],
    ["guidance Infinity (as text)", { guidanceScale: "Infinity" }, "guidanceScale", /number|between/],
    ["width fractional", { width: 512.5 }, "width", /whole/],
    ["negative steps", { steps: -1 }, "steps", /between 1 and 26/],
    ["negative seed", { seed: -5 }, "seed", /between 0 and 4294967295/],
    ["seed past 2^32-1", { seed: 4_294_967_296 }, "seed", /between/],
    ["width over 2048", { width: 4096 }, "width", /between 256 and 2048/],
    ["height under 256", { height: 16 }, "height", /between 256 and 2048/],
    ["guidance 11", { guidanceScale: 11 }, "guidanceScale", /between 1.0 and 10.0/],
    ["steps 27", { steps: 27 }, "steps", /between 1 and 26/],
    ["prompt over 1000 chars", { prompt: "a".repeat(1001) }, "prompt", /at most 1000/],
    ["NUL in prompt", { prompt: "hello\u0000world" }, "prompt", /control characters/],
    ["escape in negative prompt", { negativePrompt: "x\u001b[31m" }, "negativePrompt", /control characters/],
    ["base64 as a word", { base64: "yes" }, "base64", /true or false/],
    // Numbers as a person types them: decimal digits only.
    ["width in hex", { width: "0x400" }, "width", /^Width must be a number\.$/],
    ["steps in exponent form", { steps: "1e1" }, "steps", /^Steps must be a number\.$/],
    ["height with a leading space", { height: " 512" }, "height", /^Height must be a number\.$/],
    ["seed with a plus sign", { seed: "+5" }, "seed", /^Seed must be a number\.$/],
    ["guidance in hex", { guidanceScale: "0x7" }, "guidanceScale", /^Guidance scale must be a number\.$/],
    // C1 control characters are control characters too.
    ["C1 NEL in prompt", { prompt: "studio\u0085headshot" }, "prompt", /control characters/],
    ["C1 CSI in negative prompt", { negativePrompt: "\u009b31m" }, "negativePrompt", /control characters/],
    ["a lone surrogate in prompt", { prompt: "smile \ud83d" }, "prompt", /broken character/],
    ["face id with traversal", { faceId: "../../app.db" }, "faceId", /face photo/],
  ])("%s", async (_name, patch, field, message) => {
    await fieldRefusal(patch, field, message);
  });

  it("Infinity via a JSON number literal (1e999)", async () => {
    const text = JSON.stringify(valid()).replace('"guidanceScale":7.5', '"guidanceScale":1e999');
    const res = await create(text);
    expect(res.status).toBe(422);
    expect((await errorOf(res)).fields?.guidanceScale).toMatch(/number|between/);
  });

  it("another owner's face id is answered as if it did not exist", async () => {
    const res = await POST(
      new Request("http://localhost/api/generations", { method: "POST", body: JSON.stringify(valid()), headers: { cookie: env.owner().cookie } }),
      {},
    );
    expect(res.status).toBe(422);
    expect((await errorOf(res)).message).toBe("Add a face photo first.");
  });

  it.each([
    ["not JSON", "prompt=hi", 400, /must be JSON/],
    ["JSON null", "null", 422, /not valid/],
    ["a JSON array", "[1,2,3]", 422, /not valid/],
    ["an empty body", "", 400, /must be JSON/],
  ])("a body that is %s", async (_name, body, status, message) => {
    const res = await create(body);
    expect(res.status).toBe(status);
    expect((await errorOf(res)).message).toMatch(message);
  });

  it("a 1 MB body is refused as too large", async () => {
    const res = await create({ ...valid(), prompt: "a".repeat(MB) });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).message).toMatch(/too large/);
  });

  it("a 200 MB streamed body is refused without reading it all", async () => {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled += chunk.byteLength;
        if (pulled > 200 * MB) c.close();
        else c.enqueue(pulled === chunk.byteLength ? new TextEncoder().encode('{"prompt":"') : chunk);
      },
    });
    const res = await POST(
      new Request("http://localhost/api/generations", { method: "POST", body, duplex: "half", headers: { cookie: owner.cookie } } as RequestInit),
      {},
    );
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(2 * MB);
  });

  it("a malformed Idempotency-Key header", async () => {
    const res = await create(valid(), { "idempotency-key": "bad key with spaces <script>" });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/Idempotency-Key/);
  });

  it("the same Idempotency-Key with other settings: 409, nothing created; the same settings again: the same job", async () => {
    const headers = { "idempotency-key": "idem-key-route-1" };
    const first = await create(valid(), headers);
    expect(first.status).toBe(201);
    const id = ((await first.json()) as GenerationDto).id;
    const other = await create({ ...valid(), prompt: "a different headshot" }, headers);
    expect(other.status).toBe(409);
    expect((await errorOf(other)).message).toBe("This Idempotency-Key was already used for a request with other settings.");
    // Same settings, written differently (key order, numbers as text): the same request.
    const { prompt, ...rest } = valid();
    const again = await create({ ...rest, width: "512", prompt }, headers);
    expect(again.status).toBe(200);
    expect(((await again.json()) as GenerationDto).id).toBe(id);
  });

  it("a request without a valid owner cookie", async () => {
    const res = await POST(new Request("http://localhost/api/generations", { method: "POST", body: JSON.stringify(valid()) }), {});
    expect(res.status).toBe(401);
  });
});

describe("prompts with HTML or script are stored and returned as plain text", () => {
  it("round-trips the exact characters in JSON, never as markup", async () => {
    const prompt = `<img src=x onerror=window.__xss=1> "quoted" & <script>alert(1)</script>`;
    const res = await create({ ...valid(), prompt, negativePrompt: "</textarea><svg onload=alert(2)>" });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const created = (await res.json()) as GenerationDto;
    expect(created.params.prompt).toBe(prompt);
    const list = (await (await GET(new Request("http://localhost/api/generations", { headers: { cookie: owner.cookie } }), {})).json()) as GenerationListDto;
    expect(list.items.find((g) => g.id === created.id)?.params).toMatchObject({ prompt, negativePrompt: "</textarea><svg onload=alert(2)>" });
  });
});

describe("GET /api/generations refuses hostile list queries", () => {
  it.each([
    ["limit=NaN", "limit=NaN", 422],
    ["limit=-1", "limit=-1", 422],
    ["limit=1e9", "limit=1e9", 422],
    ["limit=Infinity", "limit=Infinity", 422],
    ["limit=0x10 (hex)", "limit=0x10", 422],
    ["limit=1e1 (exponent)", "limit=1e1", 422],
    ["limit=%205 (leading space)", "limit=%205", 422],
    ["limit=+5", "limit=%2B5", 422],
    ["status=<script>", "status=%3Cscript%3E", 422],
    ["q of 5000 chars", `q=${"x".repeat(5000)}`, 422],
    ["cursor=not*a*cursor", "cursor=not*a*cursor", 400],
    ["cursor that decodes to garbage", `cursor=${Buffer.from("\u0000\u0001junk").toString("base64url")}`, 400],
  ])("%s", async (_label, query, status) => {
    const res = await GET(new Request(`http://localhost/api/generations?${query}`, { headers: { cookie: owner.cookie } }), {});
    expect(res.status).toBe(status);
    expect((await errorOf(res)).message.length).toBeGreaterThan(0);
  });

  it("a forged cookie sees nothing (404), never someone else's list", async () => {
    const res = await GET(new Request("http://localhost/api/generations", { headers: { cookie: `hs_owner=${owner.id}.AAAA` } }), {});
    expect(res.status).toBe(404);
  });
});
