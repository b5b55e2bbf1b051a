import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import lighthouse from "lighthouse";
import { chromiumPath } from "./browser";
import { tempDir } from "./servers";

export type LighthouseScores = {
  url: string;
  scores: Record<string, number>;
  metrics: Record<string, number>;
  failing: Record<string, string[]>;
};

const CATEGORIES = ["performance", "accessibility", "best-practices"];
const METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"];

/** Chromium with a DevTools port, started the way chrome-launcher would (headless, no sandbox, no GPU). */
async function startChromium() {
  const profile = tempDir("chrome");
  const args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--remote-debugging-port=0", `--user-data-dir=${profile}`, "about:blank"];
  const child = spawn(await chromiumPath(), args, { stdio: ["ignore", "ignore", "pipe"] });
  const port = await new Promise<number>((resolve, reject) => {
    let err = "";
    const timer = setTimeout(() => reject(new Error(`Chromium gave no DevTools port:\n${err}`)), 20_000);
    child.stderr?.on("data", (c: Buffer) => {
      err += c.toString();
      const m = /DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(err);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  const stop = async () => {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
    // Its helper processes can still be writing to the profile for a moment after the browser is killed
    // (ENOTEMPTY once in a loaded run): a profile left in the temp folder must not fail the benchmark.
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 300 });
    } catch (e) {
      console.warn(`Chromium profile ${profile} not removed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return { port, stop };
}

/** The first few items of a failing audit (console errors, issues), so the report says what to fix. */
function detailText(details: unknown): string {
  const items = (details as { items?: Record<string, unknown>[] } | undefined)?.items ?? [];
  const text = items.slice(0, 3).map((i) => String(i.description ?? i.issueType ?? i.source ?? JSON.stringify(i)).slice(0, 160));
  return text.length ? ` — ${text.join(" | ")}` : "";
}

/** Lighthouse's default (mobile emulation, simulated slow 4G and 4× CPU) for each URL, one Chromium each. */
export async function runLighthouse(url: string): Promise<LighthouseScores> {
  const chrome = await startChromium();
  try {
    const result = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: CATEGORIES });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    const { lhr } = result;
    const scores: Record<string, number> = {};
    const failing: Record<string, string[]> = {};
    for (const id of CATEGORIES) {
      const cat = lhr.categories[id];
      scores[id] = Math.round((cat?.score ?? 0) * 100);
      failing[id] = (cat?.auditRefs ?? [])
        .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 0.9)
        .map((ref) => `${ref.id}: ${lhr.audits[ref.id]?.displayValue ?? lhr.audits[ref.id]?.score}${detailText(lhr.audits[ref.id]?.details)}`);
    }
    const metrics = Object.fromEntries(METRICS.map((m) => [m, Math.round((lhr.audits[m]?.numericValue ?? NaN) * 1000) / 1000]));
    return { url, scores, metrics, failing };
  } finally {
    await chrome.stop();
  }
}
