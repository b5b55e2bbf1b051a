import type { PrepareRun } from "./browser/prepare-entry";
import { bundleForBrowser, launchChromium } from "./lib/browser";
import { phonePhoto } from "./lib/images";
import { check, type BenchResult } from "./lib/report";
import type { RunningApp } from "./lib/servers";
import { AppSession } from "./lib/session";
import { round, summarize } from "./lib/stats";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const RUNS = 5;
const SERVER_RUNS = 8;

async function prepareInChromium(photo: Buffer): Promise<PrepareRun[]> {
  const script = await bundleForBrowser("bench/browser/prepare-entry.ts");
  const file = path.join(os.tmpdir(), "hs-bench-phone-photo.jpg");
  writeFileSync(file, photo);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setContent(`<!doctype html><input type="file" id="f" accept="image/*"><script>${script}</script>`);
    const runs: PrepareRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      await page.locator("#f").setInputFiles(file);
      runs.push(await page.evaluate(() => {
        const w = window as unknown as { benchPrepare: (i: HTMLInputElement) => Promise<PrepareRun> };
        return w.benchPrepare(document.getElementById("f") as HTMLInputElement);
      }));
    }
    return runs;
  } finally {
    await browser.close();
  }
}

async function serverTimes(session: AppSession, bytes: Buffer): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < SERVER_RUNS; i++) {
    const res = await session.uploadFaceRaw(bytes);
    if (res.status !== 201) throw new Error(`upload ${res.status}: ${res.body.toString().slice(0, 200)}`);
    times.push(res.ms);
  }
  return times;
}

export async function benchUploadPath(app: RunningApp): Promise<BenchResult> {
  const photo = await phonePhoto();
  const runs = await prepareInChromium(photo);
  const prepared = Buffer.from(runs[0]?.base64 ?? "", "base64");
  const downscale = summarize(runs.map((r) => r.ms));
  const session = await AppSession.open(app.origin);
  const storePrepared = summarize(await serverTimes(session, prepared));
  const storeOriginal = summarize(await serverTimes(session, photo));
  const kb = round(prepared.length / 1024);
  const factor = round(photo.length / prepared.length, 1);
  return {
    name: "upload-path",
    checks: [
      check("bytes sent after downscale", kb, "KB", "≤ 400 KB", kb <= 400),
      check("size reduction", factor, "×", "≥ 12×", factor >= 12),
      check("downscale in Chromium p50", round(downscale.p50), "ms", "", null),
      check("POST /api/faces prepared p50", round(storePrepared.p50), "ms", "", null),
      check("POST /api/faces 5 MB original p50", round(storeOriginal.p50), "ms", "", null),
    ],
    figures: {
      original: { bytes: photo.length, width: 4032, height: 3024 },
      prepared: { bytes: prepared.length, width: runs[0]?.width, height: runs[0]?.height },
      downscaleMs: downscale,
      serverStoreMs: { prepared: storePrepared, original: storeOriginal },
    },
  };
}
