import type { FaceDto, GenerationDto } from "@/lib/client/types";
import { json, multipartFile, request, type HttpResponse } from "./http";
import { sleep } from "./pool";

export const BENCH_PARAMS = {
  prompt: "corporate headshot, navy suit, soft light",
  negativePrompt: "blurry",
  width: 512,
  height: 512,
  steps: 20,
  guidanceScale: 5,
  base64: false,
} as const;

const DONE = new Set(["succeeded", "failed"]);

/** One browser-like visitor: the signed owner cookie from the first page view, sent on every call. */
export class AppSession {
  private constructor(
    readonly origin: string,
    private readonly cookie: string,
  ) {}

  static async open(origin: string): Promise<AppSession> {
    // Pages issue the owner cookie (proxy.ts); API routes never do.
    const res = await request(`${origin}/`);
    const set = [res.headers["set-cookie"] ?? []].flat();
    const owner = set.map((c) => c.split(";")[0] ?? "").find((c) => c.startsWith("hs_owner="));
    if (!owner) throw new Error(`no hs_owner cookie from ${origin} (status ${res.status})`);
    return new AppSession(origin, owner);
  }

  get headers(): Record<string, string> {
    return { cookie: this.cookie, origin: this.origin };
  }

  uploadFaceRaw(bytes: Buffer, name = "face.jpg"): Promise<HttpResponse> {
    const { body, contentType } = multipartFile(bytes, name);
    return request(`${this.origin}/api/faces`, { method: "POST", headers: { ...this.headers, "content-type": contentType }, body });
  }

  /**
   * Uploads like a well-behaved client: the photo-work gate's 429 "busy" answer (the server decodes a bounded
   * number of photos at once) is retried after its Retry-After, at most `retries` times. Quota and rate-limit
   * refusals are final. `seen` collects every status answered, retries included.
   */
  async uploadFaceHonouringBusy(bytes: Buffer, seen: number[] = [], retries = 40): Promise<HttpResponse> {
    for (let attempt = 0; ; attempt++) {
      const res = await this.uploadFaceRaw(bytes);
      seen.push(res.status);
      const busy = res.status === 429 && res.body.toString().includes("busy processing photos");
      if (!busy || attempt >= retries) return res;
      const wait = Number(res.headers["retry-after"] ?? "1");
      await new Promise((r) => setTimeout(r, Math.min(10, Number.isFinite(wait) ? wait : 1) * 1000));
    }
  }

  async uploadFace(bytes: Buffer): Promise<FaceDto> {
    const res = await this.uploadFaceRaw(bytes);
    if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${res.body.toString().slice(0, 200)}`);
    return json<FaceDto>(res);
  }

  createRaw(faceId: string, idempotencyKey?: string, params: Record<string, unknown> = {}): Promise<HttpResponse> {
    const headers: Record<string, string> = { ...this.headers, "content-type": "application/json" };
    if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
    const body = JSON.stringify({ ...BENCH_PARAMS, ...params, faceId });
    return request(`${this.origin}/api/generations`, { method: "POST", headers, body });
  }

  getRaw(id: string): Promise<HttpResponse> {
    return request(`${this.origin}/api/generations/${id}`, { headers: this.headers });
  }

  /**
   * Creates a job and polls it until it finishes (every `pollMs`), or throws after `timeoutMs`. `requests` is how
   * many requests the job took through the app (the create and every poll).
   */
  async createAndWait(faceId: string, pollMs = 0, timeoutMs = 60_000): Promise<{ generation: GenerationDto; requests: number }> {
    const res = await this.createRaw(faceId);
    if (res.status !== 201 && res.status !== 200) throw new Error(`create failed: ${res.status} ${res.body.toString().slice(0, 200)}`);
    let gen = json<GenerationDto>(res);
    let requests = 1;
    const end = Date.now() + timeoutMs;
    while (!DONE.has(gen.status)) {
      if (Date.now() > end) throw new Error(`job ${gen.id} still ${gen.status} after ${timeoutMs} ms`);
      if (pollMs > 0) await sleep(pollMs);
      gen = json<GenerationDto>(await this.getRaw(gen.id));
      requests++;
    }
    return { generation: gen, requests };
  }
}
