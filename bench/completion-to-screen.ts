import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import type { GenerationDto } from "@/lib/client/types";
import type { RunningSimulator } from "@/simulator/server";
import { launchChromium } from "./lib/browser";
import { json, request } from "./lib/http";
import { PORTRAIT } from "./lib/images";
import { sleep } from "./lib/pool";
import { check, type BenchResult } from "./lib/report";
import type { RunningApp } from "./lib/servers";
import { BENCH_PARAMS } from "./lib/session";
import { round, summarize } from "./lib/stats";

const TRIALS = 4;
const COMPLETE_AFTER_MS = 3_000;

// Records when the first output image (not the face) has loaded and had a frame to paint.
const WATCH_IMAGES = `document.addEventListener("load", (e) => {
  const img = e.target;
  if (!(img instanceof HTMLImageElement) || window.__shownAt) return;
  if (!/\\/api\\/files\\/(outputs|thumbs)\\//.test(decodeURIComponent(img.currentSrc || img.src))) return;
  requestAnimationFrame(() => { window.__shownAt = window.__shownAt || Date.now(); });
}, true);`;

/** The moment the simulator reports the job done, found by asking it directly every 5 ms. */
async function simDoneAt(sim: RunningSimulator, genId: string, deadline: number): Promise<number> {
  let simId: number | undefined;
  while (Date.now() < deadline) {
    simId ??= sim.received().find((r) => r.body.track_id === genId)?.id;
    if (simId !== undefined) {
      const res = await request(`${sim.baseUrl}/fetch/${simId}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ key: sim.options.keys[0] }) });
      if (json<{ status: string }>(res).status === "success") return Date.now();
    }
    await sleep(5);
  }
  throw new Error(`simulator never finished ${genId}`);
}

async function trial(page: Page, origin: string, sim: RunningSimulator, faceId: string): Promise<number> {
  const created = await page.request.post(`${origin}/api/generations`, { headers: { origin }, data: { ...BENCH_PARAMS, faceId } });
  const gen = (await created.json()) as GenerationDto;
  await page.goto(`${origin}/gallery/${gen.id}`);
  const done = await simDoneAt(sim, gen.id, Date.now() + COMPLETE_AFTER_MS + 10_000);
  await page.waitForFunction(() => (window as unknown as { __shownAt?: number }).__shownAt, undefined, { timeout: 20_000, polling: 20 });
  const shown = await page.evaluate(() => (window as unknown as { __shownAt: number }).__shownAt);
  return shown - done;
}

export async function benchCompletionToScreen(app: RunningApp, sim: RunningSimulator): Promise<BenchResult> {
  sim.setOptions({ mode: "queued", completeAfterMs: COMPLETE_AFTER_MS });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ baseURL: app.origin });
    await context.addInitScript(WATCH_IMAGES);
    const page = await context.newPage();
    await page.goto(`${app.origin}/gallery`);
    const upload = await page.request.post(`${app.origin}/api/faces`, {
      headers: { origin: app.origin },
      multipart: { file: { name: "face.jpg", mimeType: "image/jpeg", buffer: readFileSync(PORTRAIT) } },
    });
    const face = (await upload.json()) as { id: string };
    const delays: number[] = [];
    for (let i = 0; i < TRIALS; i++) delays.push(await trial(page, app.origin, sim, face.id));
    const s = summarize(delays);
    return {
      name: "completion-to-screen",
      checks: [
        check("simulator done → image painted p50", round(s.p50), "ms", "≤ 1500 ms", s.p50 <= 1500),
        check("simulator done → image painted max", round(s.max), "ms", "≤ 1500 ms", s.max <= 1500),
      ],
      figures: { trials: delays.map((d) => round(d)), summary: s, page: "/gallery/[id] (useGeneration polls every 1 s)", completeAfterMs: COMPLETE_AFTER_MS },
    };
  } finally {
    await browser.close();
    sim.setOptions({ mode: "sync", completeAfterMs: 0 });
  }
}
