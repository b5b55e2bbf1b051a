// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_FAULTS, parseFaults } from "./faults";
import { startSimulator, type RunningSimulator } from "./server";
import { FACE_A, KEY, post, sleepMs, startStatic, waitUntil } from "./test-support";

describe("parseFaults", () => {
  it("finds no faults in an ordinary prompt", () => {
    expect(parseFaults("a studio headshot [not a token]", undefined)).toEqual(NO_FAULTS);
  });

  it("reads tokens with and without arguments from the prompt", () => {
    const f = parseFaults("x [sim:messege] [sim:try-again=3] [sim:slow=250] [sim:error-4xx] [sim:sync] [sim:bad-output]", undefined);
    expect(f).toMatchObject({ messege: true, tryAgain: 3, slowMs: 250, errorStyle: "4xx", mode: "sync", badOutput: true });
  });

  it("defaults try-again to 1", () => {
    expect(parseFaults("[sim:try-again]", undefined).tryAgain).toBe(1);
  });

  it("reads the x-sim-fault header, bare or bracketed, comma or space separated", () => {
    expect(parseFaults(undefined, "500, [sim:messege] slow=10")).toMatchObject({ http500: true, messege: true, slowMs: 10 });
    expect(parseFaults(42, ["garbage", "hang"])).toMatchObject({ garbage: true, hang: true });
  });
});

describe("fault injection", () => {
  let sim: RunningSimulator;
  let faces: Awaited<ReturnType<typeof startStatic>>;

  beforeAll(async () => {
    faces = await startStatic({ "/a.jpg": FACE_A });
    sim = await startSimulator({ completeAfterMs: 100, queueLimit: 50 });
  });
  afterAll(async () => {
    await sim.close();
    await faces.close();
  });

  const makeGen = (prompt: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    post(`${sim.baseUrl}/make_gen`, { key: KEY, prompt, face_image: `${faces.origin}/a.jpg`, width: 128, height: 128, ...extra }, headers);
  const fetchJob = (id: unknown, headers: Record<string, string> = {}) => post(`${sim.baseUrl}/fetch/${String(id)}`, { key: KEY }, headers);

  it("[sim:messege] spells it messege in every answer for the job", async () => {
    // A stuck job for the "processing" answer: with completeAfterMs 100, a loaded machine could otherwise see the
    // failing job already finished by its first fetch.
    const stuck = await makeGen("[sim:messege] [sim:stuck]");
    expect(stuck.json.messege).toBe("Try to fetch request after seconds estimated");
    expect(stuck.json).not.toHaveProperty("message");
    const processing = await fetchJob(stuck.json.id);
    expect(processing.json).toMatchObject({ status: "processing", messege: "try again later.", output: "" });
    const a = await makeGen("[sim:messege] [sim:fail]");
    expect(a.json.messege).toBe("Try to fetch request after seconds estimated");
    await waitUntil(async () => (await fetchJob(a.json.id)).json.status === "failed");
    expect((await fetchJob(a.json.id)).json).toEqual({ status: "failed", id: a.json.id, messege: "Processing failed: simulated model error" });
    expect((await makeGen("[sim:messege]", { width: 5000 })).json).toEqual({ status: "error", messege: "The width must not be greater than 2048." });
  });

  it("[sim:try-again=N] answers Try Again N times for that prompt, then proceeds", async () => {
    const prompt = "warm up [sim:try-again=2]";
    expect((await makeGen(prompt)).json).toEqual({ status: "error", message: "Try Again" });
    expect((await makeGen(prompt)).json).toEqual({ status: "error", message: "Try Again" });
    expect((await makeGen(prompt)).json.status).toBe("processing");
    expect((await makeGen("other [sim:try-again]")).json.message).toBe("Try Again");
  });

  it("[sim:stuck] stays processing forever", async () => {
    const a = await makeGen("[sim:stuck]");
    await sleepMs(300);
    expect((await fetchJob(a.json.id)).json.status).toBe("processing");
  });

  it("[sim:fail] is queued, then flips to failed", async () => {
    const a = await makeGen("[sim:fail]");
    expect(a.json.status).toBe("processing");
    await waitUntil(async () => (await fetchJob(a.json.id)).json.status !== "processing");
    expect((await fetchJob(a.json.id)).json).toEqual({ status: "failed", id: a.json.id, message: "Processing failed: simulated model error" });
  });

  it("[sim:500] and [sim:503] answer JSON bodies with the documented messages", async () => {
    const a = await makeGen("[sim:500]");
    expect([a.status, a.json]).toEqual([500, { status: "error", message: "Internal server error. Please try again." }]);
    const b = await makeGen("[sim:503]");
    expect([b.status, b.json]).toEqual([503, { status: "error", message: "Service temporarily unavailable. Please try again later." }]);
  });

  it("[sim:garbage] answers 200 with a non-JSON body, [sim:empty] with nothing", async () => {
    const a = await makeGen("[sim:garbage]");
    expect([a.status, a.text]).toEqual([200, "<html>oops"]);
    const b = await makeGen("[sim:empty]");
    expect([b.status, b.text]).toEqual([200, ""]);
  });

  it("[sim:slow=MS] delays the answer", async () => {
    const t = Date.now();
    const a = await makeGen("[sim:slow=250]");
    expect(Date.now() - t).toBeGreaterThanOrEqual(240);
    expect(a.json.status).toBe("processing");
  });

  it("[sim:hang] never answers, and close() still ends promptly", async () => {
    const own = await startSimulator();
    const pending = post(`${own.baseUrl}/make_gen`, { key: KEY, prompt: "[sim:hang]" });
    const outcome = await Promise.race([pending.then(() => "answered", () => "failed"), sleepMs(300).then(() => "waiting")]);
    expect(outcome).toBe("waiting");
    const t = Date.now();
    await own.close();
    expect(Date.now() - t).toBeLessThan(1000);
    await expect(pending).rejects.toThrow();
  });

  it("[sim:402] answers insufficient credits on 200, or 402 in the 4xx style", async () => {
    const body = { status: "error", message: "Insufficient credits. Please add more credits to continue." };
    const a = await makeGen("[sim:402]");
    expect([a.status, a.json]).toEqual([200, body]);
    const b = await makeGen("[sim:402] [sim:error-4xx]");
    expect([b.status, b.json]).toEqual([402, body]);
  });

  it("[sim:429] answers the rate-limit body", async () => {
    const a = await makeGen("[sim:429]");
    expect(a.status).toBe(429);
    expect(a.json).toEqual({ status: "error", message: "Rate limit exceeded. Maximum 50 queued requests allowed.", retry_after: 30 });
    expect(a.headers.get("retry-after")).toBe("30");
  });

  it("[sim:error-200] overrides a 4xx error style for that request", async () => {
    sim.setOptions({ errorStyle: "4xx" });
    try {
      expect((await makeGen("", {})).status).toBe(400);
      expect((await makeGen("[sim:error-200]", { num_inference_steps: 99 })).status).toBe(200);
    } finally {
      sim.setOptions({ errorStyle: "200" });
    }
  });

  it("[sim:sync] and [sim:queued] force the mode of that job", async () => {
    expect((await makeGen("[sim:sync]")).json.status).toBe("success");
    sim.setOptions({ mode: "sync" });
    try {
      expect((await makeGen("[sim:queued]")).json.status).toBe("processing");
      expect((await makeGen("plain")).json.status).toBe("success");
    } finally {
      sim.setOptions({ mode: "queued" });
    }
  });

  it("[sim:bad-output] succeeds but its output URL 404s", async () => {
    const a = await makeGen("[sim:bad-output] [sim:sync]");
    expect(a.json.status).toBe("success");
    expect((await fetch((a.json.output as string[])[0]!)).status).toBe(404);
  });

  it("the x-sim-fault header works on make_gen and on fetch", async () => {
    expect((await makeGen("plain", {}, { "x-sim-fault": "503" })).status).toBe(503);
    const a = await makeGen("plain");
    expect((await fetchJob(a.json.id, { "x-sim-fault": "garbage" })).text).toBe("<html>oops");
    expect((await fetchJob(a.json.id, { "x-sim-fault": "[sim:messege]" })).json.messege).toBe("try again later.");
  });
});
