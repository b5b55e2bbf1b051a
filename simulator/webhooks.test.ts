// @vitest-environment node
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "./server";
import { FACE_A, KEY, post, sleepMs, startReceiver, startStatic, waitUntil } from "./test-support";

let sim: RunningSimulator;
let faces: Awaited<ReturnType<typeof startStatic>>;
let hook: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  faces = await startStatic({ "/a.jpg": FACE_A });
});
beforeEach(async () => {
  hook = await startReceiver();
  sim = await startSimulator({ completeAfterMs: 100 });
});
afterEach(async () => {
  await sim.close();
  await hook.close();
});
afterAll(async () => {
  await faces.close();
});

const makeGen = (extra: Record<string, unknown> = {}) =>
  post(`${sim.baseUrl}/make_gen`, { key: KEY, prompt: "hook", face_image: `${faces.origin}/a.jpg`, width: 128, height: 128, webhook: hook.url, ...extra });

describe("webhooks", () => {
  it("POST the success body plus a numeric track_id kept numeric, without any signature", async () => {
    const a = await makeGen({ track_id: 42 });
    await waitUntil(() => hook.calls.length === 1);
    const call = hook.calls[0]!;
    expect(call.body).toMatchObject({ status: "success", id: a.json.id, output: a.json.future_links, proxy_links: expect.any(Array), track_id: 42, meta: { prompt: "hook" } });
    expect(typeof call.body.generationTime).toBe("number");
    expect(call.raw).toContain('"track_id":42');
    expect(call.headers["content-type"]).toBe("application/json");
    expect(Object.keys(call.headers).filter((h) => /sign|secret|hmac/i.test(h))).toEqual([]);
    expect(sim.stats().webhooksSent).toBe(1);
  });

  it("keep a string track_id a string", async () => {
    await makeGen({ track_id: "42" });
    await waitUntil(() => hook.calls.length === 1);
    expect(hook.calls[0]!.raw).toContain('"track_id":"42"');
  });

  it("report failures with status failed, id, message and track_id", async () => {
    const a = await makeGen({ prompt: "[sim:fail]", track_id: "t-9" });
    await waitUntil(() => hook.calls.length === 1);
    expect(hook.calls[0]!.body).toEqual({ status: "failed", id: a.json.id, message: "Processing failed: simulated model error", track_id: "t-9" });
  });

  it("are sent in sync mode too", async () => {
    const a = await makeGen({ prompt: "[sim:sync]", track_id: 1 });
    expect(a.json.status).toBe("success");
    await waitUntil(() => hook.calls.length === 1);
    expect(hook.calls[0]!.body).toMatchObject({ status: "success", id: a.json.id, track_id: 1 });
  });

  it("can be dropped", async () => {
    sim.setOptions({ webhook: { drop: true, delayMs: 0, duplicate: false } });
    const a = await makeGen();
    await waitUntil(async () => (await post(`${sim.baseUrl}/fetch/${String(a.json.id)}`, { key: KEY })).json.status === "success");
    await sleepMs(100);
    expect(hook.calls).toHaveLength(0);
    expect(sim.stats().webhooksSent).toBe(0);
  });

  it("can be delayed", async () => {
    sim.setOptions({ mode: "sync", webhook: { drop: false, delayMs: 300, duplicate: false } });
    const sentAt = Date.now();
    await makeGen();
    await waitUntil(() => hook.calls.length === 1);
    expect(hook.calls[0]!.at - sentAt).toBeGreaterThanOrEqual(290);
  });

  it("can be duplicated", async () => {
    sim.setOptions({ webhook: { drop: false, delayMs: 0, duplicate: true } });
    await makeGen({ track_id: "dup" });
    await waitUntil(() => hook.calls.length === 2);
    expect(hook.calls[0]!.raw).toBe(hook.calls[1]!.raw);
    expect(sim.stats().webhooksSent).toBe(2);
  });

  it("are only delivered to allow-listed loopback hosts", async () => {
    sim.setOptions({ allowWebhookHosts: ["localhost"] });
    const a = await makeGen({ prompt: "[sim:sync]" });
    expect(a.json.status).toBe("success");
    await sleepMs(100);
    expect(hook.calls).toHaveLength(0);
    await makeGen({ prompt: "[sim:sync]", webhook: "https://example.com/hook" });
    sim.setOptions({ allowWebhookHosts: ["example.com"] });
    await makeGen({ prompt: "[sim:sync]", webhook: "https://example.com/hook" });
    expect(sim.stats().webhooksSent).toBe(0);
  });

  it("go to jobs failed by clear_queue", async () => {
    const a = await makeGen({ prompt: "[sim:stuck]", track_id: 3 });
    await post(`${sim.baseUrl}/clear_queue`, { key: KEY });
    await waitUntil(() => hook.calls.length === 1);
    expect(hook.calls[0]!.body).toMatchObject({ status: "failed", id: a.json.id, track_id: 3 });
  });
});
