// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "./server";
import { FACE_A, KEY, post, startStatic } from "./test-support";

let sim: RunningSimulator;
let faces: Awaited<ReturnType<typeof startStatic>>;

beforeAll(async () => {
  sim = await startSimulator({ completeAfterMs: 100 });
  faces = await startStatic({ "/a.jpg": FACE_A });
});
afterAll(async () => {
  await sim.close();
  await faces.close();
});

const api = (route: string) => `${sim.baseUrl}/${route}`;

describe("simulator routes", () => {
  it("listens on loopback and exposes the flux_headshot base URL", () => {
    expect(sim.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.baseUrl).toBe(`${sim.origin}/api/v1/enterprise/flux_headshot`);
    expect(sim.options.port).toBe(Number(new URL(sim.origin).port));
  });

  it("refuses to start on a non-loopback host", async () => {
    await expect(startSimulator({ host: "0.0.0.0" })).rejects.toThrow(/non-loopback/);
  });

  it.each([
    ["restart_server", { message: "server restarting", status: "success" }],
    ["update_server", { message: "server updating", status: "success" }],
    ["clear_cache", { status: "success", message: "Cache cleared successfully" }],
    ["clear_queue", { status: "success", message: "Queue cleared, server is restarting" }],
  ])("%s answers the documented message", async (route, expected) => {
    const a = await post(api(route), { key: KEY });
    expect(a.status).toBe(200);
    expect(a.json).toEqual(expected);
  });

  it("system_details reports an integer queue_time and one model", async () => {
    const a = await post(api("system_details"), { key: KEY });
    expect(a.json).toEqual({ status: "ok", queue_time: 0, model_count: 1 });
  });

  it("accepts update_s3 and reset_s3", async () => {
    for (const route of ["update_s3", "reset_s3"]) {
      const a = await post(`${sim.origin}/api/v1/enterprise/${route}`, { key: KEY, deploy_type: "flux_headshot" });
      expect(a.json.status).toBe("success");
    }
  });

  it("answers other methods with a JSON 405", async () => {
    const res = await fetch(api("make_gen"));
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expect(await res.json()).toMatchObject({ status: "error" });
  });

  it("answers unknown paths, including the v6 fetch_result URL, with JSON 404", async () => {
    const a = await post(`${sim.origin}/api/v6/image_editing/fetch/1`, { key: KEY });
    expect(a.status).toBe(404);
    expect(a.json.status).toBe("error");
  });

  it("answers invalid JSON with a JSON error, never HTML", async () => {
    const a = await post(api("make_gen"), "{not json");
    expect(a.headers.get("content-type")).toBe("application/json");
    expect(a.json).toEqual({ status: "error", message: "The request body must be valid JSON." });
    expect(a.status).toBe(200);
    const b = await post(api("make_gen"), "[1,2]", { "x-sim-fault": "error-4xx" });
    expect(b.status).toBe(400);
  });

  it("ignores unknown headers such as Authorization and X-Requested-With", async () => {
    const a = await post(api("system_details"), { key: KEY }, { authorization: "Bearer nope", "x-requested-with": "modelslab-py" });
    expect(a.json.status).toBe("ok");
  });

  describe("key check", () => {
    const routes = ["make_gen", "fetch/1", "system_details", "restart_server", "update_server", "clear_cache", "clear_queue"];

    it.each(routes)("%s: missing or unknown key → Invalid API key on HTTP 200 (default style)", async (route) => {
      for (const body of [{}, { key: "wrong" }, { key: 123 }]) {
        const a = await post(api(route), body);
        expect(a.status).toBe(200);
        expect(a.json).toEqual({ status: "error", message: "Invalid API key" });
      }
    });

    it("uses HTTP 401 in the 4xx style, set globally or per request", async () => {
      sim.setOptions({ errorStyle: "4xx" });
      try {
        const a = await post(api("fetch/1"), { key: "wrong" });
        expect(a.status).toBe(401);
        expect(a.json).toEqual({ status: "error", message: "Invalid API key" });
      } finally {
        sim.setOptions({ errorStyle: "200" });
      }
      const b = await post(api("system_details"), { key: "nope" }, { "x-sim-fault": "error-4xx" });
      expect(b.status).toBe(401);
    });

    it("accepts any configured key", async () => {
      sim.setOptions({ keys: [KEY, "second-key"] });
      const a = await post(api("system_details"), { key: "second-key" });
      expect(a.json.status).toBe("ok");
      sim.setOptions({ keys: [KEY] });
    });
  });

  describe("/__sim control endpoints", () => {
    it("reports stats and received jobs without the key", async () => {
      const before = sim.stats();
      const made = await post(api("make_gen"), { key: KEY, prompt: "control", face_image: `${faces.origin}/a.jpg`, width: 256, height: 256 });
      await post(api(`fetch/${String(made.json.id)}`), { key: KEY });
      const stats = (await (await fetch(`${sim.origin}/__sim/stats`)).json()) as Record<string, number>;
      expect(stats.makeGenCalls).toBe(before.makeGenCalls + 1);
      expect(stats.fetchCalls).toBe(before.fetchCalls + 1);

      const plain = (await (await fetch(`${sim.origin}/__sim/received`)).json()) as { jobs: Array<Record<string, unknown>> };
      const job = plain.jobs.find((j) => j.id === made.json.id);
      expect(job?.body).toMatchObject({ prompt: "control" });
      expect(job?.body).not.toHaveProperty("key");
      expect(job?.face).toEqual({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), bytes: FACE_A.length });

      const withFaces = (await (await fetch(`${sim.origin}/__sim/received?faces=1`)).json()) as { jobs: Array<{ id: number; face: { base64: string } }> };
      const face = withFaces.jobs.find((j) => j.id === made.json.id)?.face;
      expect(Buffer.from(face?.base64 ?? "", "base64").equals(FACE_A)).toBe(true);
      expect(JSON.stringify(plain)).not.toContain(KEY);
    });

    it("merges options over HTTP and rejects bad ones", async () => {
      const res = await fetch(`${sim.origin}/__sim/options`, { method: "POST", body: JSON.stringify({ webhook: { delayMs: 5 }, queueLimit: 7 }) });
      expect(await res.json()).toMatchObject({ queueLimit: 7, webhook: { drop: false, delayMs: 5, duplicate: false } });
      expect(sim.options.queueLimit).toBe(7);
      const bad = await fetch(`${sim.origin}/__sim/options`, { method: "POST", body: JSON.stringify({ mode: "nope" }) });
      expect(bad.status).toBe(400);
      sim.setOptions({ queueLimit: 5, webhook: { drop: false, delayMs: 0, duplicate: false } });
    });
  });
});
