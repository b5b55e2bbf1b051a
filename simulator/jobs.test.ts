// @vitest-environment node
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "./server";
import { dataUri, FACE_A, KEY, post, startStatic, waitUntil } from "./test-support";

let sim: RunningSimulator;
let faces: Awaited<ReturnType<typeof startStatic>>;

beforeAll(async () => {
  faces = await startStatic({ "/a.jpg": FACE_A, "/not-image.jpg": Buffer.from("hello") });
});
afterEach(async () => {
  await sim.close();
});
afterAll(async () => {
  await faces.close();
});

const start = async (o: Parameters<typeof startSimulator>[0] = {}) => {
  sim = await startSimulator({ completeAfterMs: 150, ...o });
  return sim;
};
const makeGen = (extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  post(`${sim.baseUrl}/make_gen`, { key: KEY, prompt: "headshot", face_image: `${faces.origin}/a.jpg`, width: 256, height: 320, ...extra }, headers);
const fetchJob = (id: unknown, key = KEY) => post(`${sim.baseUrl}/fetch/${String(id)}`, { key });
const untilDone = (id: unknown) => waitUntil(async () => (await fetchJob(id)).json.status !== "processing");

describe("queued jobs", () => {
  it("answer the v6 processing shape, echoing numeric strings and picking a seed for null", async () => {
    await start();
    const a = await makeGen({ width: "512", height: "768", num_inference_steps: "21", guidance_scale: "7.5", seed: null, negative_prompt: "blurry", samples: "1", extra: true });
    expect(a.status).toBe(200);
    const meta = a.json.meta as Record<string, unknown>;
    expect(a.json).toMatchObject({
      status: "processing",
      tip: expect.any(String),
      eta: 0.15,
      message: "Try to fetch request after seconds estimated",
      fetch_result: `${sim.origin}/api/v6/image_editing/fetch/${String(a.json.id)}`,
      output: [],
      proxy_links: [],
    });
    expect(Number.isInteger(a.json.id)).toBe(true);
    expect(a.json.future_links).toEqual([`${sim.origin}/temp/${String(meta.file_prefix)}-0.png`]);
    expect(meta).toMatchObject({ base64: "no", width: "512", height: "768", num_inference_steps: "21", guidance_scale: "7.5", negative_prompt: "blurry", prompt: "headshot", samples: 1, temp: "yes", face_image: `${faces.origin}/a.jpg` });
    expect(meta.seed).toEqual(expect.any(Number));
    expect(meta.seed as number).toBeLessThanOrEqual(4294967295);
  });

  it("fetch says processing with output as an empty string, then success; future links 404 until then", async () => {
    await start({ completeAfterMs: 300 });
    const a = await makeGen();
    const link = (a.json.future_links as string[])[0]!;
    const early = await fetch(link);
    expect(early.status).toBe(404);
    expect(early.headers.get("content-type")).toContain("text/html");
    const processing = await fetchJob(a.json.id);
    expect(processing.json).toEqual({ status: "processing", message: "try again later.", output: "", tip: expect.any(String) });

    await untilDone(a.json.id);
    const done = await fetchJob(a.json.id);
    expect(done.json).toEqual({ status: "success", id: a.json.id, output: [link], proxy_links: [link.replace("/temp/", "/proxy/temp/")] });
    for (const url of [link, (done.json.proxy_links as string[])[0]!]) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/png");
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
      expect([meta.width, meta.height]).toEqual([256, 320]);
    }
  });

  it("gives increasing integer ids from a per-server counter", async () => {
    await start();
    const ids = [(await makeGen()).json.id, (await makeGen()).json.id];
    expect(ids).toEqual([1, 2]);
  });

  it("uses the face image's size when width and height are omitted", async () => {
    await start({ mode: "sync" });
    const a = await makeGen({ width: undefined, height: undefined });
    const meta = await sharp(FACE_A).metadata();
    expect(a.json.meta).toMatchObject({ width: meta.width, height: meta.height });
  });
});

describe("sync jobs", () => {
  it("answer the §2.1 success shape with a servable output", async () => {
    await start({ mode: "sync" });
    const a = await makeGen({ seed: 77 });
    expect(a.json).toMatchObject({ status: "success", id: 1, proxy_links: [expect.stringContaining("/proxy/temp/")], meta: { seed: 77, temp: "yes", base64: "no" } });
    expect(typeof a.json.generationTime).toBe("number");
    const url = (a.json.output as string[])[0]!;
    expect(url).toMatch(/\/temp\/[0-9a-f-]{36}-0\.png$/);
    expect(url).toContain(String((a.json.meta as Record<string, unknown>).file_prefix));
    expect((await fetch(url)).status).toBe(200);
  });

  it("give byte-identical images for the same face, prompt and seed, and different ones for another seed", async () => {
    await start({ mode: "sync" });
    const bytes = async (seed: number) => {
      const a = await makeGen({ seed });
      return Buffer.from(await (await fetch((a.json.output as string[])[0]!)).arrayBuffer());
    };
    const [one, two, other] = [await bytes(5), await bytes(5), await bytes(6)];
    expect(one.equals(two)).toBe(true);
    expect(one.equals(other)).toBe(false);
  });
});

describe("fetch of unknown jobs", () => {
  it("answers the error shape with 404 by default, or 200", async () => {
    await start();
    const a = await fetchJob(999);
    expect(a.status).toBe(404);
    expect(a.json).toEqual({ status: "error", message: "ID does not exist or is not queued" });
    expect((await fetchJob("abc")).status).toBe(404);
    sim.setOptions({ unknownIdStatus: 200 });
    expect((await fetchJob(999)).status).toBe(200);
  });

  it("hides a job from other keys", async () => {
    await start({ keys: [KEY, "other-key"] });
    const a = await makeGen();
    expect((await fetchJob(a.json.id, "other-key")).json.status).toBe("error");
  });
});

describe("validation over HTTP", () => {
  it("answers on 200 by default and 400 in the 4xx style", async () => {
    await start();
    const a = await makeGen({ prompt: "" });
    expect([a.status, a.json]).toEqual([200, { status: "error", message: "The prompt field is required." }]);
    const b = await makeGen({ num_inference_steps: 40 }, { "x-sim-fault": "error-4xx" });
    expect([b.status, b.json.message]).toEqual([400, "The num inference steps must be between 1 and 26."]);
  });

  it("rejects non-URL faces without base64, unreachable and off-machine URLs, and non-images", async () => {
    await start();
    expect((await makeGen({ face_image: "abc" })).json.message).toBe("face image must be a valid url when base64 is a representation of false");
    expect((await makeGen({ face_image: `${faces.origin}/missing.jpg` })).json.message).toBe("Unable to fetch image from provided URL");
    expect((await makeGen({ face_image: "https://example.com/face.jpg" })).json.message).toBe("Unable to fetch image from provided URL");
    expect((await makeGen({ face_image: `${faces.origin}/not-image.jpg` })).json.message).toBe("The face image must be a valid image.");
    expect((await makeGen({ face_image: "%%%", base64: true })).json.message).toBe("The face image must be a valid base64 string.");
    expect(sim.received()).toHaveLength(0);
  });

  it("accepts raw and data-URI base64 faces and records the decoded bytes", async () => {
    await start();
    const a = await makeGen({ face_image: dataUri(FACE_A), base64: true, track_id: "t1" });
    const b = await makeGen({ face_image: FACE_A.toString("base64"), base64: "true" });
    expect([a.json.status, b.json.status]).toEqual(["processing", "processing"]);
    const received = sim.received();
    expect(received.map((r) => r.id)).toEqual([a.json.id, b.json.id]);
    expect(received.every((r) => r.faceImageBytes?.equals(FACE_A))).toBe(true);
    expect(received[0]!.body).toMatchObject({ base64: true, track_id: "t1" });
    expect(received[0]!.body).not.toHaveProperty("key");
  });
});

describe("queue limit", () => {
  it("answers 429 with the limit in the message once too many jobs are processing", async () => {
    await start({ queueLimit: 2, keys: [KEY, "other-key"] });
    await makeGen({ prompt: "[sim:stuck]" });
    await makeGen({ prompt: "[sim:stuck]" });
    const a = await makeGen();
    expect(a.status).toBe(429);
    expect(a.json).toEqual({ status: "error", message: "Rate limit exceeded. Maximum 2 queued requests allowed.", retry_after: 30 });
    expect(sim.stats()).toMatchObject({ processing: 2, queueFullRefusals: 1 });
    expect((await post(`${sim.baseUrl}/make_gen`, { key: "other-key", prompt: "p", face_image: `${faces.origin}/a.jpg` })).status).toBe(200);
    // The stats count unfinished jobs of every key, and the control route says the same.
    expect(await (await fetch(`${sim.origin}/__sim/stats`)).json()).toMatchObject({ processing: 3, queueFullRefusals: 1 });
  });

  it("frees the queue when jobs finish, and clear_queue fails pending jobs", async () => {
    await start({ queueLimit: 1, completeAfterMs: 100 });
    const a = await makeGen();
    await untilDone(a.json.id);
    const stuck = await makeGen({ prompt: "[sim:stuck]" });
    expect(stuck.json.status).toBe("processing");
    expect((await post(`${sim.baseUrl}/system_details`, { key: KEY })).json.queue_time).toBe(1);
    await post(`${sim.baseUrl}/clear_queue`, { key: KEY });
    expect((await fetchJob(stuck.json.id)).json).toMatchObject({ status: "failed", id: stuck.json.id, message: expect.any(String) });
    expect((await makeGen()).json.status).toBe("processing");
  });
});

describe("retention", () => {
  it("expires jobs and files after retentionMs", async () => {
    await start({ mode: "sync", retentionMs: 400 });
    const a = await makeGen();
    const url = (a.json.output as string[])[0]!;
    expect((await fetch(url)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 450));
    expect((await fetch(url)).status).toBe(404);
    expect((await fetchJob(a.json.id)).json).toEqual({ status: "error", message: "ID does not exist or is not queued" });
  });

  it("expires everything at once via POST /__sim/expire", async () => {
    await start({ mode: "sync" });
    const a = await makeGen();
    const res = await fetch(`${sim.origin}/__sim/expire`, { method: "POST" });
    expect(await res.json()).toEqual({ status: "ok", expired: 1 });
    expect((await fetch((a.json.output as string[])[0]!)).status).toBe(404);
    expect((await fetchJob(a.json.id)).status).toBe(404);
  });
});

describe("base64 outputs", () => {
  const makeBase64Gen = (extra: Record<string, unknown> = {}) =>
    post(`${sim.baseUrl}/make_gen`, { key: KEY, prompt: "b64", face_image: dataUri(FACE_A), base64: true, width: 200, height: 240, seed: 9, ...extra });

  async function decodedSize(text: string) {
    const meta = await sharp(Buffer.from(text.replace(/^data:image\/png;base64,/, ""), "base64")).metadata();
    return [meta.format, meta.width, meta.height];
  }

  it("serve .base64 text with the data-URI prefix by default", async () => {
    sim = await startSimulator({ mode: "sync" });
    const a = await makeBase64Gen();
    expect(a.json.meta).toMatchObject({ base64: "yes" });
    const url = (a.json.output as string[])[0]!;
    expect(url).toMatch(/\/temp\/[0-9a-f-]{36}-0\.base64$/);
    const res = await fetch(url);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text.startsWith("data:image/png;base64,")).toBe(true);
    expect(await decodedSize(text)).toEqual(["png", 200, 240]);
  });

  it("serve bare base64 when the prefix is switched off", async () => {
    sim = await startSimulator({ mode: "sync", base64DataUriPrefix: false });
    const text = await (await fetch(((await makeBase64Gen()).json.output as string[])[0]!)).text();
    expect(text.startsWith("data:")).toBe(false);
    expect(await decodedSize(text)).toEqual(["png", 200, 240]);
  });

  it("use .base64 future links for queued jobs", async () => {
    sim = await startSimulator({ completeAfterMs: 100 });
    const a = await makeBase64Gen();
    expect((a.json.future_links as string[])[0]).toMatch(/-0\.base64$/);
    expect((await fetch((a.json.future_links as string[])[0]!)).status).toBe(404);
  });

  it("encode the same PNG bytes as the binary output for the same face, prompt and seed", async () => {
    sim = await startSimulator({ mode: "sync", base64DataUriPrefix: false });
    const text = await (await fetch(((await makeBase64Gen()).json.output as string[])[0]!)).text();
    const binary = await makeBase64Gen({ base64: false, face_image: `${faces.origin}/a.jpg` });
    const png = Buffer.from(await (await fetch((binary.json.output as string[])[0]!)).arrayBuffer());
    expect(Buffer.from(text, "base64").equals(png)).toBe(true);
  });

  it("HEAD works on outputs and other methods are refused", async () => {
    sim = await startSimulator({ mode: "sync" });
    const url = ((await makeBase64Gen()).json.output as string[])[0]!;
    const head = await fetch(url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get("content-length"))).toBeGreaterThan(100);
    expect((await fetch(url, { method: "DELETE" })).status).toBe(405);
  });
});
