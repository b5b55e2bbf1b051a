// @vitest-environment node
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "./server";
import { dataUri, FACE_A, KEY, post, startStatic } from "./test-support";

let sim: RunningSimulator;
afterEach(async () => {
  await sim.close();
});

const makeGen = (extra: Record<string, unknown> = {}) =>
  post(`${sim.baseUrl}/make_gen`, { key: KEY, prompt: "b64", face_image: dataUri(FACE_A), base64: true, width: 200, height: 240, seed: 9, ...extra });

async function decodedSize(text: string) {
  const meta = await sharp(Buffer.from(text.replace(/^data:image\/png;base64,/, ""), "base64")).metadata();
  return [meta.format, meta.width, meta.height];
}

describe("base64 outputs", () => {
  it("serve .base64 text with the data-URI prefix by default", async () => {
    sim = await startSimulator({ mode: "sync" });
    const a = await makeGen();
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
    const text = await (await fetch(((await makeGen()).json.output as string[])[0]!)).text();
    expect(text.startsWith("data:")).toBe(false);
    expect(await decodedSize(text)).toEqual(["png", 200, 240]);
  });

  it("use .base64 future links for queued jobs", async () => {
    sim = await startSimulator({ completeAfterMs: 100 });
    const a = await makeGen();
    expect((a.json.future_links as string[])[0]).toMatch(/-0\.base64$/);
    expect((await fetch((a.json.future_links as string[])[0]!)).status).toBe(404);
  });

  it("encode the same PNG bytes as the binary output for the same face, prompt and seed", async () => {
    sim = await startSimulator({ mode: "sync", base64DataUriPrefix: false });
    const faces = await startStatic({ "/a.jpg": FACE_A });
    try {
      const text = await (await fetch(((await makeGen()).json.output as string[])[0]!)).text();
      const binary = await makeGen({ base64: false, face_image: `${faces.origin}/a.jpg` });
      const png = Buffer.from(await (await fetch((binary.json.output as string[])[0]!)).arrayBuffer());
      expect(Buffer.from(text, "base64").equals(png)).toBe(true);
    } finally {
      await faces.close();
    }
  });

  it("HEAD works on outputs and other methods are refused", async () => {
    sim = await startSimulator({ mode: "sync" });
    const url = ((await makeGen()).json.output as string[])[0]!;
    const head = await fetch(url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get("content-length"))).toBeGreaterThan(100);
    expect((await fetch(url, { method: "DELETE" })).status).toBe(405);
  });
});
